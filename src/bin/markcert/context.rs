//! What every command that talks to DigiCert shares: one async runtime and one client, each
//! built once, on first use, from the command's service options.

use std::cell::OnceCell;
use std::future::Future;

use digicert_mark_certs::{MarkClient, RetryPolicy};

use crate::args::ServiceArgs;
use crate::exit::Failure;
use crate::failures;

/// The runtime and the client of one run of `markcert`.
#[derive(Default)]
pub struct Context {
    runtime: OnceCell<tokio::runtime::Runtime>,
    client: OnceCell<MarkClient>,
}

/// How the client of a command differs from the default one.
#[derive(Default)]
pub struct ClientSettings {
    /// The retry policy; by default the library's, with the command's `--retries`.
    pub policy: Option<RetryPolicy>,
    /// Refuse to send anything whose check found warnings.
    pub deny_warnings: bool,
}

impl Context {
    /// The async runtime, started on first use.
    pub fn runtime(&self) -> Result<&tokio::runtime::Runtime, Failure> {
        if let Some(runtime) = self.runtime.get() {
            return Ok(runtime);
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Failure::Io(format!("cannot start the async runtime: {e}")))?;
        Ok(self.runtime.get_or_init(|| runtime))
    }

    /// Runs a future to its end on the runtime.
    pub fn block_on<F: Future>(&self, future: F) -> Result<F::Output, Failure> {
        Ok(self.runtime()?.block_on(future))
    }

    /// The client for the service options, with the key from the environment or a file;
    /// built once.
    pub fn client(&self, service: &ServiceArgs) -> Result<&MarkClient, Failure> {
        self.client_with(service, ClientSettings::default())
    }

    /// [`Context::client`] with settings of the command's own.
    pub fn client_with(
        &self,
        service: &ServiceArgs,
        settings: ClientSettings,
    ) -> Result<&MarkClient, Failure> {
        if let Some(client) = self.client.get() {
            return Ok(client);
        }
        let policy = settings
            .policy
            .unwrap_or_else(|| RetryPolicy::default().rate_limit_retries(service.retries));
        // A key file (--api-key-file, or DIGICERT_API_KEY_FILE) when one is named, otherwise
        // DIGICERT_API_KEY.
        let builder = match &service.api_key_file {
            Some(path) => MarkClient::builder_from_key_file(path),
            None => MarkClient::builder_from_env(),
        };
        let client = builder
            .and_then(|builder| {
                builder
                    .base_url(service.base_url())
                    .timeout(service.timeout)
                    .retry_policy(policy)
                    .deny_warnings(settings.deny_warnings)
                    .build()
            })
            .map_err(|e| failures::setup(&e))?;
        failures::remember_base_url(client.base_url());
        Ok(self.client.get_or_init(|| client))
    }
}
