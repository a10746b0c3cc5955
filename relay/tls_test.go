package relay

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/hookctl/hookctl/relay/store"
	"github.com/hookctl/hookctl/webhook"
)

// selfSigned writes a certificate and key for 127.0.0.1 and returns their
// paths and a pool that trusts the certificate.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "relay test"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// Run serves TLS from certificate files: the tunnel runs over wss, the app
// sees X-Forwarded-Proto: https, and cancelling Run's context stops it.
func TestRunServesTLS(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "https://" + ln.Addr().String()
	srv, err := NewServer(ServerConfig{Store: store.NewMemory(), PublicURL: base})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- srv.Run(ctx, ln, certFile, keyFile, 5*time.Second) }()

	tg := newTarget(t, nil)
	sessions := make(chan Session, 1)
	c, _ := NewClient(ClientConfig{RelayURL: base,
		Dialer:  &websocket.Dialer{TLSClientConfig: &tls.Config{RootCAs: pool}, HandshakeTimeout: 5 * time.Second},
		Handler: ForwardHandler(tg.URL, webhook.DeliverOptions{}),
		Visitor: Visitor{OnConnected: func(s Session) { sessions <- s }}})
	cctx, ccancel := context.WithCancel(context.Background())
	defer ccancel()
	go c.Run(cctx)
	sess := <-sessions
	sender := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := sender.Post(sess.URL+"/tls", "text/plain", stringsReader("over tls"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := receive(t, tg)
	if resp.StatusCode != 200 || string(got.Body) != "over tls" || got.Header.Get("X-Forwarded-Proto") != "https" {
		t.Fatalf("sender %d; app got %q with X-Forwarded-Proto %q", resp.StatusCode, got.Body, got.Header.Get("X-Forwarded-Proto"))
	}
	cancel()
	select {
	case err := <-stopped:
		if err != nil {
			t.Fatalf("Run returned %v after its context ended, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}

// Stopping Run lets a request already waiting for the app's answer finish.
func TestRunFinishesInFlightRequests(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	srv, _ := NewServer(ServerConfig{Store: store.NewMemory(), PublicURL: base})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- srv.Run(ctx, ln, "", "", 5*time.Second) }()
	arrived := make(chan struct{})
	tg := newTarget(t, func(w http.ResponseWriter, s seen) {
		close(arrived)
		time.Sleep(300 * time.Millisecond)
		w.Write([]byte("finished"))
	})
	rc := startClient(t, base, "", "", tg.URL)
	sess := rc.session(t)
	go func() { <-arrived; cancel() }()
	resp, body := post(t, sess.URL, []byte("in flight"))
	if resp.StatusCode != 200 || string(body) != "finished" {
		t.Fatalf("in-flight request during shutdown: %d %q, want 200 finished", resp.StatusCode, body)
	}
	if err := <-stopped; err != nil {
		t.Fatalf("Run = %v", err)
	}
}
