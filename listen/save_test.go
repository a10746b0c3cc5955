package listen

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

func TestSavedFilesLoadBackByteExact(t *testing.T) {
	dir := t.TempDir()
	const secret = "whsec_hookctlExampleStripeSecret0000000000"
	l := start(t, Config{SaveDir: dir, Scheme: scheme(t, "stripe"), Secrets: []string{secret}})
	bodies := [][]byte{
		[]byte(`{"id":"evt_1","type":"invoice.paid","note":"héllo <b>&</b>"}`),
		{0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01}, // not UTF-8: saved as base64
		nil,
	}
	for i, body := range bodies {
		h := signed(t, "stripe", secret, body, time.Now(), "")
		h.Add("X-Repeated", "one")
		h.Add("X-Repeated", "two")
		send(t, "POST", fmt.Sprintf("%s/hooks/%d?q=a%%20b", l.url, i), h, body)
		ev := l.next(t)
		if ev.SaveErr != nil || filepath.Dir(ev.Saved) != dir {
			t.Fatalf("saved %q, err %v", ev.Saved, ev.SaveErr)
		}
		got, err := webhook.ReadFile(ev.Saved)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Body, body) || got.Path != ev.Request.Path || got.Method != "POST" {
			t.Fatalf("file %s: body %q path %q", ev.Saved, got.Body, got.Path)
		}
		if fmt.Sprint(got.Headers) != fmt.Sprint(ev.Request.Headers) || got.Headers.Get("Stripe-Signature") == "" {
			t.Fatalf("headers changed on the way to disk:\n%v\n%v", got.Headers, ev.Request.Headers)
		}
		if got.Verification == nil || !got.Verification.Valid || got.Provider != "stripe" {
			t.Fatalf("the file lacks the verification: %+v", got.Verification)
		}
		if i == 0 && !strings.Contains(filepath.Base(ev.Saved), "stripe_invoice.paid") {
			t.Errorf("file name %s does not name the event", ev.Saved)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(bodies) {
		t.Fatalf("%d files in the folder, want %d (no temporary files left)", len(entries), len(bodies))
	}
}

func TestSaveFolderCheckedAtStart(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	cases := map[string]string{
		filepath.Join(dir, "missing"): "does not exist",
		file:                          "is a file",
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		cases[ro] = "not writable"
	}
	for path, want := range cases {
		if _, err := New(Config{SaveDir: path}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", path, err, want)
		}
	}
}

func TestRedactMasksCredentialsNotSignatures(t *testing.T) {
	dir := t.TempDir()
	l := start(t, Config{SaveDir: dir, Redact: true})
	h := webhook.NewHeaders("Authorization", "Bearer sk_live_abc", "Cookie", "session=xyz", "X-Gitlab-Token", "glpat-secret",
		"X-Hub-Signature-256", "sha256=0123", "X-Other", "kept")
	send(t, "POST", l.url+"/", h, []byte("{}"))
	ev := l.next(t)
	saved, err := webhook.ReadFile(ev.Saved)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*webhook.Request{ev.Request, saved} {
		want := map[string]string{"Authorization": "Bearer " + Masked, "Cookie": Masked, "X-Gitlab-Token": Masked, "X-Hub-Signature-256": "sha256=0123", "X-Other": "kept"}
		for name, v := range want {
			if got := r.Headers.Get(name); got != v {
				t.Errorf("%s = %q, want %q", name, got, v)
			}
		}
	}
}

// Raw header order: the fixture keeps the sender's order, spelling and
// repeats, across requests on one kept-alive connection.
func TestHeadersKeepWireOrderAndCase(t *testing.T) {
	l := start(t, Config{})
	conn, err := net.Dial("tcp", strings.TrimPrefix(l.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(conn)
	for i := 0; i < 2; i++ {
		fmt.Fprintf(conn, "POST /wire/%d HTTP/1.1\r\nHost: x\r\nx-zeta: 1\r\nContent-Length: 2\r\nALPHA-beta: 2\r\nx-zeta:   3  \r\nstripe-signature: t=1,v1=ab\r\n\r\nhi", i)
		ev := l.next(t)
		want := "[{x-zeta 1} {Content-Length 2} {ALPHA-beta 2} {x-zeta 3} {stripe-signature t=1,v1=ab}]"
		if got := fmt.Sprint(ev.Request.Headers); got != want {
			t.Fatalf("request %d headers\n got %s\nwant %s", i, got, want)
		}
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			if line == "\r\n" {
				break
			}
		}
	}
}
