package cmd

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/hookctl/hookctl/webhook"
	"github.com/spf13/cobra"
)

// listenOptions is what `hookctl listen` was asked to do.
type listenOptions struct {
	deps *Deps

	Addr      string
	Port      int
	Provider  string
	secrets   secretOptions
	Tolerance time.Duration
	PublicURL string

	Status          int
	statusSet       bool
	ResponseBody    string
	ResponseHeaders []string
	Delay           time.Duration
	FailRate        float64
	FailFirst       int
	FailStatus      int

	SaveDir        string
	Redact         bool
	ForwardTo      string
	ForwardTimeout time.Duration

	Count     int
	Timeout   time.Duration
	JSON      bool
	Verbose   bool
	MaxBody   string
	ReadyFile string

	Relay      string
	RelayToken string
	// relayBase and relayChannel are Relay split by relayFlags.
	relayBase, relayChannel string
}

func newListenCmd(deps *Deps, runF func(*listenOptions) error) *cobra.Command {
	opts := &listenOptions{deps: deps}
	c := &cobra.Command{
		Use:   "listen",
		Short: "Capture, show, verify, save, answer and forward webhooks on localhost",
		Long: `Listen starts an HTTP server that takes every request, on any path and
method, shows it as it arrives, checks its signature, answers provider
handshakes, and answers it — or forwards it to your app and passes the
app's answer back. It runs until Ctrl-C, or until --count requests came.`,
		Example: `  # Show every request that reaches localhost:8080
  hookctl listen

  # Check Stripe signatures and pass each event on to your app
  hookctl listen --provider stripe --secret whsec_... --forward-to http://localhost:3000/webhooks

  # Guess the provider from the headers; keep every request as a fixture
  hookctl listen --provider auto --secret-file secrets.txt --save hooks/ --redact

  # Test a sender's retries: fail the first two deliveries, then answer slowly
  hookctl listen --fail-first 2 --delay 2s

  # Receive a public relay channel's webhooks here too (same URL next time)
  hookctl listen --relay https://relay.example.com --provider github --secret s3cret

  # In CI: wait for one verified GitHub delivery, print it as JSON
  hookctl listen --port 0 --provider github --secret s3cret --count 1 --timeout 60s --json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := opts.validate(c); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return listenRun(c, opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "address to listen on, HOST:PORT")
	f.IntVar(&opts.Port, "port", 8080, "port to listen on at 127.0.0.1 (0 picks a free one)")
	f.StringVar(&opts.Provider, "provider", "", "check signatures as this provider signs them, or \"auto\" to guess from the headers")
	addSecretFlags(c, &opts.secrets)
	f.DurationVar(&opts.Tolerance, "tolerance", 0, "timestamp window for signed times (default: the provider's; 0 turns the check off)")
	f.StringVar(&opts.PublicURL, "public-url", "", "the URL the provider calls, for schemes that sign it (Twilio, Square); default: the one the request came to")
	f.IntVar(&opts.Status, "status", 200, "status code to answer with (also instead of a forwarded app's)")
	f.StringVar(&opts.ResponseBody, "response-body", "", "body to answer with: TEXT, or @FILE to read it from a file")
	f.StringArrayVar(&opts.ResponseHeaders, "response-header", nil, `header to answer with, "Name: value" (repeatable)`)
	f.DurationVar(&opts.Delay, "delay", 0, "wait this long before answering")
	f.Float64Var(&opts.FailRate, "fail-rate", 0, "answer this share of requests (0 to 1) with --fail-status")
	f.IntVar(&opts.FailFirst, "fail-first", 0, "answer the first N requests with --fail-status")
	f.IntVar(&opts.FailStatus, "fail-status", 500, "status code of injected failures")
	f.StringVar(&opts.SaveDir, "save", "", "save every request as a fixture file in this folder")
	f.BoolVar(&opts.Redact, "redact", false, "mask Authorization, cookies and secret-token headers in what is shown and saved")
	f.StringVar(&opts.ForwardTo, "forward-to", "", "deliver every request to this URL (your app) and answer with its answer")
	f.DurationVar(&opts.ForwardTimeout, "forward-timeout", 10*time.Second, "how long the app may take to answer a forwarded request")
	f.IntVar(&opts.Count, "count", 0, "exit after N requests: 0 if all verified (when a provider is set), else 1")
	f.DurationVar(&opts.Timeout, "timeout", 0, "stop after this long; with --count, exit 1 if fewer requests came")
	f.BoolVar(&opts.JSON, "json", false, "print one JSON object per line: a ready line, then one per request")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "show headers and bodies, not just a line per request")
	f.StringVar(&opts.MaxBody, "max-body", "25MiB", "largest body accepted (413 beyond), e.g. 1MiB, 500KB, 4096")
	f.StringVar(&opts.ReadyFile, "ready-file", "", "write the listener's URL to this file once it is listening (for scripts)")
	f.StringVar(&opts.Relay, "relay", "", "also receive the webhooks of this relay channel: RELAY_URL[/c/CHANNEL]")
	f.StringVar(&opts.RelayToken, "token", "", "the relay channel's token (also HOOKCTL_RELAY_TOKEN)")
	return c
}

func (o *listenOptions) validate(c *cobra.Command) error {
	f := c.Flags()
	switch {
	case f.Changed("addr") && f.Changed("port"):
		return usageErrorf("--addr and --port both set the address: use one")
	case f.Changed("port") && (o.Port < 0 || o.Port > 65535):
		return usageErrorf("--port %d is not a port: use 1-65535, or 0 for any free one", o.Port)
	case o.Status < 200 || o.Status > 599:
		return usageErrorf("--status %d is not an answer a sender understands: use 200-599", o.Status)
	case o.FailStatus < 200 || o.FailStatus > 599:
		return usageErrorf("--fail-status %d is not an answer a sender understands: use 200-599", o.FailStatus)
	case o.FailRate < 0 || o.FailRate > 1:
		return usageErrorf("--fail-rate %v must be between 0 and 1 (0.3 fails about 30%% of requests)", o.FailRate)
	case o.FailFirst < 0, o.Count < 0:
		return usageErrorf("--fail-first and --count take a number of requests, 0 or more")
	case o.Delay < 0, o.Timeout < 0, o.Tolerance < 0, o.ForwardTimeout < 0:
		return usageErrorf("--delay, --timeout, --tolerance and --forward-timeout take a positive duration such as 5s")
	}
	if f.Changed("port") {
		o.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(o.Port))
	}
	if _, _, err := net.SplitHostPort(o.Addr); err != nil {
		return usageErrorf("--addr %q is not HOST:PORT (e.g. 127.0.0.1:8080, or :8080 for every interface)", o.Addr)
	}
	if f.Changed("tolerance") && o.Tolerance == 0 {
		o.Tolerance = -1 // the sign package's "no timestamp check"
	}
	o.statusSet = f.Changed("status")
	if err := o.relayFlags(); err != nil {
		return err
	}
	if _, err := parseListenSize(o.MaxBody); err != nil {
		return usageErrorf("--max-body %q: %v", o.MaxBody, err)
	}
	if _, err := parseHeaderFlags("--response-header", o.ResponseHeaders); err != nil {
		return err
	}
	for flag, u := range map[string]string{"--forward-to": o.ForwardTo, "--public-url": o.PublicURL} {
		if u == "" {
			continue
		}
		if _, err := webhook.ParseTarget(u); err != nil {
			return usageErrorf("%s: %v", flag, err)
		}
	}
	return nil
}

// parseListenSize reads a byte count: 4096, 500KB, 25MiB, 1GB.
func parseListenSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000}, {"B", 1}}
	num, mult := s, int64(1)
	for _, u := range units {
		if len(s) > len(u.suffix) && listenHasSuffixFold(s, u.suffix) {
			num, mult = s[:len(s)-len(u.suffix)], u.mult
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("not a size: write a positive number of bytes, or one like 1MiB or 500KB")
	}
	return n * mult, nil
}

func listenHasSuffixFold(s, suffix string) bool {
	tail := s[len(s)-len(suffix):]
	for i := 0; i < len(tail); i++ {
		a, b := tail[i]|0x20, suffix[i]|0x20
		if a != b {
			return false
		}
	}
	return true
}
