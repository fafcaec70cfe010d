//! Who the client is and how it reached us. Behind a load balancer every request comes from
//! the balancer's address; the real client and scheme are in `Forwarded` or
//! `X-Forwarded-For` / `X-Forwarded-Proto` — but anyone can send those headers, so they are
//! believed only from the proxies named in `trusted_proxies`.

use actix_web::http::header::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// Networks whose forwarded headers are believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// From CIDRs (`10.0.0.0/8`, `fd00::/8`, or a single address).
    pub fn parse(networks: &[String]) -> Result<Self, String> {
        networks
            .iter()
            .map(|network| {
                let invalid = || format!("trusted_proxies: {network:?} is not an address or a CIDR");
                let (address, bits) = match network.split_once('/') {
                    Some((address, bits)) => (address, Some(bits.parse::<u8>().map_err(|_| invalid())?)),
                    None => (network.as_str(), None),
                };
                let address: IpAddr = address.trim().parse().map_err(|_| invalid())?;
                let most = if address.is_ipv4() { 32 } else { 128 };
                let bits = bits.unwrap_or(most);
                if bits > most {
                    return Err(invalid());
                }
                Ok((address, bits))
            })
            .collect::<Result<Vec<_>, String>>()
            .map(TrustedProxies)
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        self.0
            .iter()
            .any(|(network, bits)| same_prefix(*network, address, *bits))
    }
}

fn same_prefix(network: IpAddr, address: IpAddr, bits: u8) -> bool {
    let (network, address, width) = match (network, address) {
        (IpAddr::V4(n), IpAddr::V4(a)) => (u128::from(u32::from(n)), u128::from(u32::from(a)), 32),
        (IpAddr::V6(n), IpAddr::V6(a)) => (u128::from(n), u128::from(a), 128),
        (IpAddr::V6(n), IpAddr::V4(a)) => (u128::from(n), u128::from(a.to_ipv6_mapped()), 128),
        (IpAddr::V4(n), IpAddr::V6(a)) => match a.to_ipv4_mapped() {
            Some(a) => (u128::from(u32::from(n)), u128::from(u32::from(a)), 32),
            None => return false,
        },
    };
    let shift = width - u32::from(bits);
    bits == 0 || (network >> shift) == (address >> shift)
}

/// The addresses a request went through, client first, from `Forwarded` or `X-Forwarded-For`.
fn forwarded_chain(headers: &HeaderMap) -> Vec<IpAddr> {
    if let Some(forwarded) = headers.get("forwarded").and_then(|v| v.to_str().ok()) {
        return forwarded
            .split(',')
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (name, value) = pair.split_once('=')?;
                    name.trim().eq_ignore_ascii_case("for").then(|| parse_node(value))?
                })
            })
            .collect();
    }
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .map(|list| list.split(',').filter_map(parse_node).collect())
        .unwrap_or_default()
}

/// `192.0.2.1`, `"[2001:db8::1]:4711"`, `192.0.2.1:80`.
fn parse_node(value: &str) -> Option<IpAddr> {
    let value = value.trim().trim_matches('"');
    if let Ok(address) = value.parse::<IpAddr>() {
        return Some(address);
    }
    if let Some(rest) = value.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    value.parse::<SocketAddr>().ok().map(|s| s.ip())
}

/// The client's address: the TCP peer, or — when the peer is a trusted proxy — the nearest
/// address in the forwarded chain that is not itself a trusted proxy.
pub fn client_address(peer: Option<SocketAddr>, headers: &HeaderMap, proxies: &TrustedProxies) -> String {
    let Some(peer) = peer.map(|p| p.ip()) else {
        return String::new();
    };
    if !proxies.contains(peer) {
        return peer.to_string();
    }
    let chain = forwarded_chain(headers);
    chain
        .iter()
        .rev()
        .find(|address| !proxies.contains(**address))
        .or(chain.first())
        .unwrap_or(&peer)
        .to_string()
}

/// Whether the client reached us over HTTPS: only a trusted proxy can say so (`relais`
/// itself serves plain HTTP behind it).
pub fn client_used_https(peer: Option<SocketAddr>, headers: &HeaderMap, proxies: &TrustedProxies) -> bool {
    if !peer.is_some_and(|p| proxies.contains(p.ip())) {
        return false;
    }
    let from_forwarded = headers
        .get("forwarded")
        .and_then(|v| v.to_str().ok())
        .and_then(|forwarded| {
            forwarded.split(',').next()?.split(';').find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("proto")
                    .then(|| value.trim().trim_matches('"').eq_ignore_ascii_case("https"))
            })
        });
    let from_x = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|proto| proto.trim().eq_ignore_ascii_case("https"));
    from_forwarded.or(from_x).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(HeaderName::from_static(name), HeaderValue::from_static(value));
        }
        map
    }

    fn peer(address: &str) -> Option<SocketAddr> {
        format!("{address}:40000").parse().ok()
    }

    #[test]
    fn forwarded_headers_count_only_from_trusted_proxies() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "fd00::/8".into()]).unwrap_or_default();
        let claimed = headers(&[("x-forwarded-for", "203.0.113.9"), ("x-forwarded-proto", "https")]);
        assert_eq!(client_address(peer("198.51.100.4"), &claimed, &proxies), "198.51.100.4");
        assert!(!client_used_https(peer("198.51.100.4"), &claimed, &proxies));
        assert_eq!(client_address(peer("10.1.2.3"), &claimed, &proxies), "203.0.113.9");
        assert!(client_used_https(peer("10.1.2.3"), &claimed, &proxies));
        // The client may prepend anything; the nearest untrusted hop is who reached the proxy.
        let spoofed = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.0.0.5")]);
        assert_eq!(client_address(peer("10.1.2.3"), &spoofed, &proxies), "203.0.113.9");
        let standard = headers(&[("forwarded", "for=\"[2001:db8::7]:4711\";proto=https, for=10.0.0.5")]);
        assert_eq!(client_address(peer("10.1.2.3"), &standard, &proxies), "2001:db8::7");
        assert!(client_used_https(peer("10.1.2.3"), &standard, &proxies));
        assert!(TrustedProxies::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(TrustedProxies::parse(&["proxy.internal".into()]).is_err());
    }
}
