//! Turning HTTP answers into values or typed errors.

use reqwest::Response;
use rushes_api::envelope::Envelope;
use rushes_api::error::ErrorEnvelope;
use serde::de::DeserializeOwned;

use crate::ClientError;

/// Decodes a success envelope's `data`, or the error envelope into [`ClientError::Api`].
pub async fn decode_enveloped<T: DeserializeOwned>(resp: Response) -> Result<T, ClientError> {
    let env: Envelope<T> = decode_plain(resp).await?;
    Ok(env.data)
}

/// Succeeds on any 2xx answer and turns an error answer into [`ClientError::Api`].
pub async fn expect_success(resp: Response) -> Result<(), ClientError> {
    if resp.status().is_success() {
        return Ok(());
    }
    decode_plain::<serde_json::Value>(resp).await.map(drop)
}

/// Decodes a body that is not enveloped on success (the token endpoints), with the same error
/// handling as every other answer.
pub async fn decode_plain<T: DeserializeOwned>(resp: Response) -> Result<T, ClientError> {
    let status = resp.status();
    let bytes = resp.bytes().await?;
    if status.is_success() {
        return serde_json::from_slice(&bytes).map_err(|e| ClientError::Decode(e.to_string()));
    }
    match serde_json::from_slice::<ErrorEnvelope>(&bytes) {
        Ok(env) => Err(ClientError::Api(env)),
        Err(_) => Err(ClientError::Status {
            status: status.as_u16(),
        }),
    }
}
