package serve

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// getAs sends a GET with the given Host and headers, as a browser under DNS
// rebinding would (its own name, resolved to this machine), and returns the
// status and the start of the body.
func getAs(t *testing.T, addr, target, host string, header ...string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil { // a hang becomes an error
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", target, host)
	for _, h := range header {
		fmt.Fprintf(conn, "%s\r\n", h)
	}
	fmt.Fprint(conn, "\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s (Host %s, %q): %v", target, host, header, err)
	}
	// closing conn ends the body: Body.Close would read an event stream to its end
	if resp.Header.Get("Content-Type") == "text/event-stream" {
		// the stream goes on: its first event is enough
		r := bufio.NewReader(resp.Body)
		var b strings.Builder
		for {
			line, err := r.ReadString('\n')
			b.WriteString(line)
			if err != nil || line == "\n" {
				return resp.StatusCode, b.String()
			}
		}
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// TestHosts sends requests with a Host that is not this machine: a page
// the editor visits could read the preview, drafts included, by making its
// own name resolve to 127.0.0.1. Only loopback names and the hosts given
// to AllowHosts are answered.
func TestHosts(t *testing.T) {
	s, hs := newServer(t)
	addr := hs.Listener.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	s.AllowHosts("preview.local:8080", "192.0.2.7:8080")
	for _, c := range []struct {
		host string
		ok   bool
	}{
		{addr, true},
		{"localhost:" + port, true},
		{"localhost", true},
		{"LOCALHOST.:" + port, true},
		{"site.localhost:" + port, true},
		{"127.0.0.1", true},
		{"127.1.2.3:" + port, true},
		{"[::1]:" + port, true},
		{"[::ffff:127.0.0.1]:" + port, true},
		{"preview.local:" + port, true},
		{"Preview.Local", true},
		{"192.0.2.7", true},
		{"evil.example:" + port, false},
		{"evil.example", false},
		{"localhost.evil.example", false},
		{"127.0.0.1.nip.io", false},
		{"evil-localhost", false},
		{"192.0.2.8:" + port, false},
		{"[2001:db8::1]:" + port, false},
		{"0.0.0.0:" + port, false},
	} {
		for _, target := range []string{"/briefing/", "/briefing/briefs/a/", "/", "/nothing", EventsPath} {
			status, body := getAs(t, addr, target, c.host)
			if c.ok && status == http.StatusForbidden {
				t.Errorf("GET %s with Host %s = %d %q, want an answer", target, c.host, status, body)
			}
			if !c.ok && (status != http.StatusForbidden || strings.Contains(body, "brief a") || strings.Contains(body, "event:")) {
				t.Errorf("GET %s with Host %s = %d %q, want 403", target, c.host, status, body)
			}
		}
	}
	if status, body := getAs(t, addr, "/briefing/", "evil.example"); !strings.Contains(body, `not Host "evil.example"`) {
		t.Errorf("refusal = %d %q", status, body)
	}
}

// TestHostsAnyInterface allows, for a server listening on every interface,
// the addresses of this machine's interfaces but no other address or name.
func TestHostsAnyInterface(t *testing.T) {
	s, hs := newServer(t)
	addr := hs.Listener.Addr().String()
	s.AllowHosts(":0", "[::]:40000")
	if status, _ := getAs(t, addr, "/briefing/", "203.0.113.9"); status != http.StatusForbidden {
		t.Errorf("Host 203.0.113.9 = %d, want 403", status)
	}
	if status, _ := getAs(t, addr, "/briefing/", "evil.example"); status != http.StatusForbidden {
		t.Errorf("Host evil.example = %d, want 403", status)
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		ip, _ := netip.AddrFromSlice(n.IP)
		if ip.IsLoopback() || ip.Is6() && ip.IsLinkLocalUnicast() {
			continue
		}
		host := net.JoinHostPort(ip.Unmap().String(), "80")
		if status, body := getAs(t, addr, "/briefing/", host); status != http.StatusOK {
			t.Errorf("Host %s (an interface of this machine) = %d %q", host, status, body)
		}
	}
}

// TestEventsOrigin opens the event stream from pages of other origins.
func TestEventsOrigin(t *testing.T) {
	_, hs := newServer(t)
	addr := hs.Listener.Addr().String()
	for _, c := range []struct {
		origin string
		ok     bool
	}{
		{"", true},
		{"http://" + addr, true},
		{"http://localhost:5173", true},
		{"https://docs.localhost", true},
		{"http://evil.example", false},
		{"https://localhost.evil.example", false},
		{"null", false},
		{"file://", false},
		{"chrome-extension://abc", false},
		{"http://evil.example@localhost", true}, // the host is localhost
		{"not a url", false},
	} {
		var header []string
		if c.origin != "" {
			header = append(header, "Origin: "+c.origin)
		}
		status, body := getAs(t, addr, EventsPath, addr, header...)
		if c.ok && (status != http.StatusOK || !strings.HasPrefix(body, "event: hello")) {
			t.Errorf("events from Origin %q = %d %q, want the stream", c.origin, status, body)
		}
		if !c.ok && (status != http.StatusForbidden || strings.Contains(body, "event:")) {
			t.Errorf("events from Origin %q = %d %q, want 403", c.origin, status, body)
		}
	}
}
