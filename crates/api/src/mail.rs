//! Outgoing e-mail: a plain SMTP client for the organisation's relay (RFC 5321, no TLS or
//! authentication: point `smtp_url` at a relay on the local network, which does those), and
//! the durable job that sends one message, retried with back-off when the relay is down.

use crate::errors::ApiError;
use relais_db::jobs::{JobRow, NewJob};
use relais_db::DbConnection;
use relais_domain::ids::Tenant;
use relais_domain::jobs::JobKind;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// One message to send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    /// Plain text, UTF-8.
    pub text: String,
}

/// Where and as whom to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relay {
    /// `host:port`.
    pub address: String,
    pub from: String,
}

impl Relay {
    /// From the configuration's `smtp_url` (`smtp://host[:port]`, port 25 by default).
    pub fn parse(url: &str, from: &str) -> Result<Relay, String> {
        let rest = url
            .strip_prefix("smtp://")
            .ok_or_else(|| format!("smtp_url must start with smtp:// (got {url:?})"))?;
        let rest = rest.trim_end_matches('/');
        if rest.is_empty() || rest.contains(['/', '@', ' ']) {
            return Err(format!("smtp_url must be smtp://host[:port] (got {url:?})"));
        }
        let address = if rest
            .rsplit_once(':')
            .is_some_and(|(_, port)| port.parse::<u16>().is_ok())
        {
            rest.to_owned()
        } else {
            format!("{rest}:25")
        };
        if from.is_empty() || !from.contains('@') || from.contains(['\r', '\n', '<', '>']) {
            return Err(format!("mail_from must be an e-mail address (got {from:?})"));
        }
        Ok(Relay {
            address,
            from: from.to_owned(),
        })
    }
}

const TIMEOUT: Duration = Duration::from_secs(20);

/// A header value in RFC 2047 form when it is not plain ASCII.
fn header_text(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    use base64::Engine;
    format!("=?UTF-8?B?{}?=", base64::engine::general_purpose::STANDARD.encode(text))
}

/// The message as sent after DATA: headers, a blank line, the body with lines starting
/// with a dot doubled, CR LF line ends.
fn message(relay: &Relay, mail: &Mail, date: chrono::DateTime<chrono::Utc>) -> String {
    let id = uuid::Uuid::now_v7();
    let domain = relay.from.rsplit('@').next().unwrap_or("relais");
    let mut text = format!(
        "From: Relais <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\nDate: {date}\r\nMessage-ID: <{id}@{domain}>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
        from = relay.from,
        to = mail.to,
        subject = header_text(&mail.subject),
        date = date.to_rfc2822(),
    );
    for line in mail.text.replace("\r\n", "\n").split('\n') {
        if line.starts_with('.') {
            text.push('.');
        }
        text.push_str(line);
        text.push_str("\r\n");
    }
    text
}

/// Sends one message through the relay; an error says which step the relay refused.
pub fn send(relay: &Relay, mail: &Mail, date: chrono::DateTime<chrono::Utc>) -> Result<(), String> {
    if mail.to.contains(['\r', '\n', '<', '>']) {
        return Err("the recipient is not a plain address".into());
    }
    let address = relay
        .address
        .to_socket_addrs()
        .map_err(|e| format!("smtp relay {}: {e}", relay.address))?
        .next()
        .ok_or_else(|| format!("smtp relay {}: no address", relay.address))?;
    let stream = TcpStream::connect_timeout(&address, TIMEOUT).map_err(|e| format!("smtp connect: {e}"))?;
    stream.set_read_timeout(Some(TIMEOUT)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(TIMEOUT)).map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(stream.try_clone().map_err(|e| e.to_string())?);
    let mut writer = stream;
    // A reply: lines "250-…" then "250 …"; the code of the last line.
    let mut reply = |expected: &str, step: &str| -> Result<(), String> {
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).map_err(|e| format!("smtp {step}: {e}"))? == 0 {
                return Err(format!("smtp {step}: the relay closed the connection"));
            }
            if line.len() >= 4 && line.as_bytes()[3] == b'-' {
                continue;
            }
            return if line.starts_with(expected) {
                Ok(())
            } else {
                Err(format!("smtp {step}: {}", line.trim_end()))
            };
        }
    };
    let command = |writer: &mut TcpStream, text: &str| -> Result<(), String> {
        writer
            .write_all(format!("{text}\r\n").as_bytes())
            .map_err(|e| format!("smtp write: {e}"))
    };
    reply("220", "greeting")?;
    command(&mut writer, "EHLO relais")?;
    reply("250", "EHLO")?;
    command(&mut writer, &format!("MAIL FROM:<{}>", relay.from))?;
    reply("250", "MAIL FROM")?;
    command(&mut writer, &format!("RCPT TO:<{}>", mail.to))?;
    reply("25", "RCPT TO")?;
    command(&mut writer, "DATA")?;
    reply("354", "DATA")?;
    writer
        .write_all(message(relay, mail, date).as_bytes())
        .map_err(|e| format!("smtp write: {e}"))?;
    command(&mut writer, ".")?;
    reply("250", "message")?;
    let _ = command(&mut writer, "QUIT");
    Ok(())
}

/// Queues a message: sent by a worker, retried when the relay is down.
pub fn enqueue(
    conn: &mut DbConnection,
    tenant: &Tenant,
    mail: &Mail,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let payload = serde_json::to_string(mail).map_err(|e| ApiError::Internal(format!("mail payload: {e}")))?;
    JobRow::enqueue(
        conn,
        NewJob {
            tenant: Some(tenant.clone()),
            kind: JobKind::SendMail,
            payload,
            unique_key: None,
            run_at: now,
            max_attempts: 8,
        },
        now,
    )?;
    Ok(())
}

/// The mail job: sends its message through the configured relay.
pub fn run(state: &crate::state::AppState, job: &JobRow) -> Result<(), ApiError> {
    let mail: Mail =
        serde_json::from_str(&job.payload).map_err(|e| ApiError::Internal(format!("mail payload: {e}")))?;
    let relay = state
        .config
        .mail_relay()
        .map_err(ApiError::Internal)?
        .ok_or_else(|| ApiError::Internal("no smtp_url configured: the message cannot be sent".into()))?;
    send(&relay, &mail, state.now()).map_err(ApiError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relays_are_read_from_their_url() {
        let relay = Relay::parse("smtp://mail.internal", "relais@example.com");
        assert_eq!(relay.map(|r| r.address), Ok("mail.internal:25".to_owned()));
        assert_eq!(
            Relay::parse("smtp://127.0.0.1:2525/", "relais@example.com").map(|r| r.address),
            Ok("127.0.0.1:2525".to_owned())
        );
        assert!(Relay::parse("smtps://x", "a@b").is_err());
        assert!(Relay::parse("smtp://user@x", "a@b").is_err());
        assert!(Relay::parse("smtp://x", "not an address").is_err());
    }

    #[test]
    fn the_message_is_utf8_text_with_dots_doubled() {
        let relay = Relay {
            address: "x:25".into(),
            from: "relais@example.com".into(),
        };
        let mail = Mail {
            to: "lea@example.com".into(),
            subject: "Votre accès à Relais".into(),
            text: "Bonjour,\n.une ligne\nFin".into(),
        };
        let text = message(&relay, &mail, chrono::DateTime::UNIX_EPOCH);
        assert!(text.contains("Subject: =?UTF-8?B?"), "{text}");
        assert!(text.contains("\r\n..une ligne\r\n"), "a leading dot is doubled");
        assert!(text.contains("charset=utf-8"));
    }
}
