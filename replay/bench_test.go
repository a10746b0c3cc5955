package replay

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// BenchmarkRun replays the sample fixtures against a local server that
// reads each body and answers 200, one request per op, at several levels
// of concurrency, as recorded and re-signed.
func BenchmarkRun(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
	}))
	defer srv.Close()
	l, err := webhook.Load([]string{"../testdata/hooks"})
	if err != nil {
		b.Fatal(err)
	}
	for _, resign := range []bool{false, true} {
		for _, n := range []int{1, 8} {
			b.Run(fmt.Sprintf("resign=%v/concurrency=%d", resign, n), func(b *testing.B) {
				items := make([]webhook.Loaded, 0, b.N)
				for i := 0; i < b.N; i++ {
					items = append(items, l[i%len(l)])
				}
				opts := Options{Target: srv.URL, Concurrency: n}
				if resign {
					opts.Resign = &Resigner{Lookup: sign.Lookup, Secret: "whsec_hookctlExampleStripeSecret0000000000"}
				}
				plan := Plan(items, Filter{}, OrderFile, 0)
				b.ResetTimer()
				if sum := Run(context.Background(), plan, opts); !sum.OK() {
					b.Fatalf("%d failed", sum.Failed)
				}
			})
		}
	}
}
