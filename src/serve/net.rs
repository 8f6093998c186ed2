//! This computer's network addresses, for the links `wijksim serve --bind 0.0.0.0`
//! prints: a participant's phone can open `http://192.168.1.20:8080/`, not
//! `http://0.0.0.0:8080/`.

use std::net::{IpAddr, UdpSocket};

/// The addresses other computers may reach this one at: every interface's address
/// that is up, not loopback and not link-local (IPv6 too when `ipv6`), the one the
/// default route uses first. Empty when there is no network.
pub fn reachable_addresses(ipv6: bool) -> Vec<IpAddr> {
    let mut out = Vec::new();
    // The address the system would send from to the wider network: connecting a UDP
    // socket sends nothing, it only picks the route (192.0.2.1 is a documentation
    // address, RFC 5737).
    let routed = UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9").map(|()| s))
        .and_then(|s| s.local_addr())
        .map(|a| a.ip());
    if let Ok(ip) = routed {
        if usable(&ip) {
            out.push(ip);
        }
    }
    for ip in interfaces() {
        if usable(&ip) && (ip.is_ipv4() || ipv6) && !out.contains(&ip) {
            out.push(ip);
        }
    }
    out
}

fn usable(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => !v4.is_loopback() && !v4.is_unspecified() && !v4.is_link_local(),
        // Link-local (fe80::/10) needs a zone to open; unique-local and global work.
        IpAddr::V6(v6) => {
            !v6.is_loopback() && !v6.is_unspecified() && (v6.segments()[0] & 0xffc0) != 0xfe80
        }
    }
}

/// The addresses of the interfaces that are up (Linux: getifaddrs(3)).
#[cfg(target_os = "linux")]
fn interfaces() -> Vec<IpAddr> {
    let mut out = Vec::new();
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `list` with a linked list we only read and then free
    // with freeifaddrs; each `ifa_addr` is checked for null and its family before it
    // is read as the matching sockaddr type.
    unsafe {
        if libc::getifaddrs(&mut list) != 0 {
            return out;
        }
        let mut cur = list;
        while !cur.is_null() {
            let ifa = &*cur;
            let up = ifa.ifa_flags & (libc::IFF_UP as u32) != 0;
            if up && !ifa.ifa_addr.is_null() {
                match i32::from((*ifa.ifa_addr).sa_family) {
                    libc::AF_INET => {
                        let a = &*(ifa.ifa_addr as *const libc::sockaddr_in);
                        out.push(IpAddr::from(u32::from_be(a.sin_addr.s_addr).to_be_bytes()));
                    }
                    libc::AF_INET6 => {
                        let a = &*(ifa.ifa_addr as *const libc::sockaddr_in6);
                        out.push(IpAddr::from(a.sin6_addr.s6_addr));
                    }
                    _ => {}
                }
            }
            cur = ifa.ifa_next;
        }
        libc::freeifaddrs(list);
    }
    out
}

#[cfg(not(target_os = "linux"))]
fn interfaces() -> Vec<IpAddr> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_an_address_nobody_can_open() {
        for ip in reachable_addresses(true) {
            assert!(usable(&ip), "{ip}");
        }
        assert!(!usable(&"0.0.0.0".parse().unwrap()));
        assert!(!usable(&"127.0.0.1".parse().unwrap()));
        assert!(!usable(&"fe80::1".parse().unwrap()));
        assert!(usable(&"192.168.1.20".parse().unwrap()));
    }
}
