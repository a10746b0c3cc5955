package replay

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/webhook"
)

// seen is what a test server received, sent to the test goroutine.
type seen struct {
	method, uri string
	header      http.Header
	body        []byte
}

// server answers every request with the status and body that answer picks
// for its path, and passes what it saw back over the channel.
func server(t *testing.T, answer func(path string) (int, string)) (*httptest.Server, <-chan seen) {
	t.Helper()
	ch := make(chan seen, 64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ch <- seen{r.Method, r.RequestURI, r.Header.Clone(), b}
		code, body := answer(r.URL.Path)
		w.WriteHeader(code)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, ch
}

func ok200(string) (int, string) { return 200, "ok" }

// load reads fixtures, failing the test if any argument cannot be read.
func load(t *testing.T, args ...string) []webhook.Loaded {
	t.Helper()
	l, err := webhook.Load(args)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func hooks(t *testing.T) []webhook.Loaded {
	return load(t, filepath.Join("..", "testdata", "hooks"))
}

// req builds a small fixture in memory.
func req(event, receivedAt string, headers ...string) *webhook.Request {
	r := &webhook.Request{ID: "req_" + event, Method: "POST", Path: "/" + strings.ReplaceAll(event, ".", "/"),
		Event: event, Headers: webhook.NewHeaders(headers...), Body: []byte(`{"type":"` + event + `"}`)}
	if receivedAt != "" {
		r.ReceivedAt = mustTime(receivedAt)
	}
	return r
}

func loaded(reqs ...*webhook.Request) []webhook.Loaded {
	out := make([]webhook.Loaded, len(reqs))
	for i, r := range reqs {
		out[i] = webhook.Loaded{Source: r.ID + ".json", Request: r}
	}
	return out
}

func drain(ch <-chan seen) []seen {
	var out []seen
	for {
		select {
		case s := <-ch:
			out = append(out, s)
		default:
			return out
		}
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
