package cmd

import (
	"testing"
	"time"
)

// The flags land in the options, resolved: the event looked up, its
// scheme chosen, headers and --set parsed, the method upper-cased.
func TestSendFlagsParse(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		env   map[string]string
		check func(t *testing.T, o *sendOptions)
	}{
		{"event", []string{"http://localhost:3000/h", "--event", "github:push", "--secret", "s", "-H", "X-A: 1", "--set", "ref=refs/heads/x", "-X", "put", "--repeat", "3", "--concurrency", "2", "--retries", "1", "--timeout", "2s"},
			nil, func(t *testing.T, o *sendOptions) {
				if o.Event == nil || o.Event.Name() != "github:push" || o.Scheme.Info().Name != "github" || o.Secret != "s" {
					t.Errorf("event/scheme/secret: %+v", o)
				}
				if o.Headers.Get("X-A") != "1" || len(o.Sets) != 1 || o.Sets[0].Path != "ref" || o.Method != "PUT" {
					t.Errorf("headers %v sets %v method %s", o.Headers, o.Sets, o.Method)
				}
				if o.Repeat != 3 || o.Concurrency != 2 || o.Retries != 1 || o.Timeout != 2*time.Second {
					t.Errorf("delivery options %+v", o)
				}
			}},
		{"provider overrides the event's, secret from the environment", []string{"http://x.test", "--event", "stripe:invoice.paid", "--provider", "standard-webhooks"},
			map[string]string{"HOOKCTL_SECRET": "whsec_abc"}, func(t *testing.T, o *sendOptions) {
				if o.Scheme.Info().Name != "standard-webhooks" || o.Secret != "whsec_abc" {
					t.Errorf("scheme %s secret %q", o.Scheme.Info().Name, o.Secret)
				}
			}},
		{"stdin and data", []string{"-", "http://x.test"}, nil, func(t *testing.T, o *sendOptions) {
			if !o.Stdin || o.URL != "http://x.test" || o.Scheme != nil || o.Method != "POST" {
				t.Errorf("%+v", o)
			}
		}},
		{"empty --data counts as a body", []string{"http://x.test", "--data", ""}, nil, func(t *testing.T, o *sendOptions) {
			if !o.dataSet {
				t.Error("--data '' was not seen")
			}
		}},
		{"list events of a provider", []string{"--list-events", "stripe", "--json"}, nil, func(t *testing.T, o *sendOptions) {
			if !o.ListEvents || o.ListProvider != "stripe" || !o.JSON {
				t.Errorf("%+v", o)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			deps, _, _ := testDeps(tt.env)
			var got *sendOptions
			c := newSendCmd(deps, func(o *sendOptions) error { got = o; return nil })
			c.SetArgs(tt.args)
			if err := c.Execute(); err != nil {
				t.Fatal(err)
			}
			tt.check(t, got)
		})
	}
}
