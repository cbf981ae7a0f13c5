package serve

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// hostList is what AllowHosts adds to the loopback names.
type hostList struct {
	names []string // lower case, without a final dot: "example.local", "192.0.2.7"
	any   bool     // listening on every interface: any address of this machine
}

// AllowHosts adds to the hosts the server answers the host of each listen
// address ("192.0.2.7:8080", "preview.local:8080", "[::]:8080"), as given
// to -addr and as the listener reports it. An unspecified address (":8080",
// "0.0.0.0:8080", "[::]:8080") allows every IP address of this machine's
// interfaces, but no other name. Call it before serving.
func (s *Server) AllowHosts(addrs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range addrs {
		h := a
		if host, _, err := net.SplitHostPort(a); err == nil {
			h = host
		}
		h = normalHost(h)
		if ip, err := netip.ParseAddr(h); h == "" || err == nil && ip.IsUnspecified() {
			s.allow.any = true
			continue
		}
		s.allow.names = append(s.allow.names, h)
	}
}

// normalHost lower-cases a host name and drops a final dot and the
// brackets and zone of an IPv6 address.
func normalHost(h string) string {
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	if i := strings.IndexByte(h, '%'); i >= 0 && strings.Contains(h, ":") {
		h = h[:i]
	}
	return h
}

// allowedHost reports whether a Host header ("localhost:8080",
// "[::1]:8080", "127.0.0.1") names this machine.
func (s *Server) allowedHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = normalHost(host)
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	if err == nil && ip.Unmap().IsLoopback() {
		return true
	}
	s.mu.RLock()
	allow := s.allow
	s.mu.RUnlock()
	for _, n := range allow.names {
		if host == n {
			return true
		}
		if nip, err := netip.ParseAddr(n); err == nil && ip.IsValid() && nip.Unmap() == ip.Unmap() {
			return true
		}
	}
	return allow.any && ip.IsValid() && localAddr(ip)
}

// localAddr reports whether ip is an address of one of this machine's
// network interfaces.
func localAddr(ip netip.Addr) bool {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			if own, ok := netip.AddrFromSlice(n.IP); ok && own.Unmap() == ip.Unmap() {
				return true
			}
		}
	}
	return false
}

// allowedOrigin reports whether an Origin header is absent or names an
// allowed host ("null", the origin of sandboxed and file: pages, does not).
func (s *Server) allowedOrigin(origin string) bool {
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	return s.allowedHost(u.Host)
}

// refuse answers a request addressed to another host.
func refuse(w http.ResponseWriter, what string) {
	http.Error(w, "sitrep serve answers only requests addressed to this machine (localhost, a loopback address or the host of -addr), not "+what, http.StatusForbidden)
}

// quote quotes a header value for a message, cut to 100 bytes.
func quote(v string) string {
	if len(v) > 100 {
		v = v[:100] + "…"
	}
	return strconv.Quote(v)
}
