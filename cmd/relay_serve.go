package cmd

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/hookctl/hookctl/relay"
	"github.com/hookctl/hookctl/relay/store"
	"github.com/hookctl/hookctl/webhook"
	"github.com/spf13/cobra"
)

type relayServeOptions struct {
	IO     *IOStreams
	Getenv func(string) string

	Addr            string
	PublicURL       string
	Store           string
	TLSCert, TLSKey string
	MaxBody         string
	MaxBodyBytes    int64
	QueueDepth      int
	Retention       time.Duration
	ResponseTimeout time.Duration
	CreateKey       string
	Quiet           bool
	ReadyFile       string
}

func newRelayServeCmd(deps *Deps, runF func(*relayServeOptions) error) *cobra.Command {
	opts := &relayServeOptions{IO: deps.IO, Getenv: deps.Getenv}
	c := &cobra.Command{
		Use:   "serve",
		Short: "Run a webhook relay: public ingress, websocket tunnel, durable queue",
		Example: `  # Try it locally, keeping nothing on disk
  hookctl relay serve --store memory

  # In production, behind a TLS proxy that passes websocket upgrades
  hookctl relay serve --addr 127.0.0.1:8787 --public-url https://relay.example.com \
    --store /var/lib/hookctl/relay.db --create-key "$KEY"

  # Several instances behind a load balancer, sharing channels through Redis
  hookctl relay serve --addr :8787 --public-url https://relay.example.com \
    --store redis://:PASSWORD@10.0.0.5:6379/0

  # Serve TLS itself
  hookctl relay serve --addr :443 --tls-cert cert.pem --tls-key key.pem --public-url https://relay.example.com`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if env := opts.Getenv("HOOKCTL_RELAY_STORE"); env != "" && !c.Flags().Changed("store") {
				opts.Store = env
			}
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return relayServeRun(c.Context(), opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:8787", "address to listen on, HOST:PORT (:8787 for every interface)")
	f.StringVar(&opts.PublicURL, "public-url", "", "the relay's URL as senders see it, e.g. https://relay.example.com (default: from --addr)")
	f.StringVar(&opts.Store, "store", "hookctl-relay.db", `file that keeps channels and queued requests, "memory", or redis://[user:pass@]host:port/db (rediss:// for TLS) to share channels between instances (also HOOKCTL_RELAY_STORE)`)
	f.StringVar(&opts.TLSCert, "tls-cert", "", "serve TLS with this certificate (PEM); needs --tls-key")
	f.StringVar(&opts.TLSKey, "tls-key", "", "private key (PEM) for --tls-cert")
	f.StringVar(&opts.MaxBody, "max-body", "25MiB", "largest request body accepted (413 beyond), e.g. 1MiB, 500KB")
	f.IntVar(&opts.QueueDepth, "queue-depth", 10000, "most requests kept per channel while no client is connected (503 beyond)")
	f.DurationVar(&opts.Retention, "retention", 7*24*time.Hour, "how long a queued request is kept")
	f.DurationVar(&opts.ResponseTimeout, "response-timeout", 9*time.Second, "how long a sender waits for the local app's answer before getting 202")
	f.StringVar(&opts.CreateKey, "create-key", "", "require this key to create channels (also HOOKCTL_RELAY_CREATE_KEY)")
	f.BoolVarP(&opts.Quiet, "quiet", "q", false, "log only start, stop and errors, not each client and request")
	f.StringVar(&opts.ReadyFile, "ready-file", "", "write the relay's public URL to this file once it is listening (for scripts)")
	return c
}

func (o *relayServeOptions) validate() error {
	n, err := parseListenSize(o.MaxBody)
	if err != nil {
		return usageErrorf("--max-body %q: %v", o.MaxBody, err)
	}
	o.MaxBodyBytes = n
	switch {
	case (o.TLSCert == "") != (o.TLSKey == ""):
		return usageErrorf("--tls-cert and --tls-key go together: pass both, or neither to serve plain HTTP behind a proxy")
	case o.QueueDepth <= 0:
		return usageErrorf("--queue-depth must be at least 1")
	case o.Retention <= 0 || o.ResponseTimeout <= 0:
		return usageErrorf("--retention and --response-timeout must be positive durations such as 168h or 9s")
	case o.Store == "":
		return usageErrorf(`--store is empty: pass a file path, "memory", or a redis:// URL`)
	}
	if _, _, err := net.SplitHostPort(o.Addr); err != nil {
		return usageErrorf("--addr %q is not HOST:PORT (e.g. 127.0.0.1:8787, or :8787 for every interface)", o.Addr)
	}
	if o.PublicURL != "" {
		if _, ch, err := relay.SplitRelayURL(o.PublicURL); err != nil || ch != "" || !strings.HasPrefix(o.PublicURL, "http") {
			return usageErrorf("--public-url %q must be the relay's base URL, such as https://relay.example.com", o.PublicURL)
		}
	}
	if o.CreateKey == "" {
		o.CreateKey = o.Getenv("HOOKCTL_RELAY_CREATE_KEY")
	}
	return nil
}

func isRedisStore(spec string) bool {
	return strings.HasPrefix(spec, "redis://") || strings.HasPrefix(spec, "rediss://")
}

// openRelayStore opens the store --store names and, for Redis, the bus
// that lets several instances share it; onState hears Redis go and come.
func openRelayStore(ctx context.Context, spec string, onState func(error)) (store.Store, relay.Bus, error) {
	switch {
	case spec == "memory":
		return store.NewMemory(), nil, nil
	case isRedisStore(spec):
		rs, err := store.OpenRedis(ctx, spec, "")
		if err != nil {
			return nil, nil, err
		}
		return rs, relay.NewRedisBus(relay.RedisBusConfig{Client: rs.Client(), Prefix: rs.Prefix(), OnState: onState}), nil
	}
	st, err := store.OpenBolt(spec)
	return st, nil, err
}

// storeDescription names the store for the start line, without a password.
func storeDescription(spec string) string {
	switch {
	case spec == "memory":
		return "memory (lost on exit)"
	case isRedisStore(spec):
		return store.RedactURL(spec) + " (shared; durable as Redis is configured)"
	}
	return spec + " (durable)"
}

// logRedisState reports Redis going away and coming back, once each.
func logRedisState(w io.Writer, spec string) func(error) {
	where := store.RedactURL(spec)
	return func(err error) {
		if err != nil {
			fmt.Fprintf(w, "relay: lost the Redis store at %s (%v); answering 503 until it is back\n", where, err)
			return
		}
		fmt.Fprintf(w, "relay: the Redis store at %s is back; accepting requests again\n", where)
	}
}

func relayServeRun(ctx context.Context, o *relayServeOptions) error {
	if o.TLSCert != "" {
		// Checked before listening, so a bad file is a clear usage error
		// rather than a server that dies on its first connection.
		if _, err := tls.LoadX509KeyPair(o.TLSCert, o.TLSKey); err != nil {
			return usageErrorf("--tls-cert/--tls-key: %v", err)
		}
	}
	errOut := SyncWriter(o.IO.ErrOut)
	st, bus, err := openRelayStore(ctx, o.Store, logRedisState(errOut, o.Store))
	if err != nil {
		return failError(err)
	}
	defer st.Close() // after the server has stopped: flushes the file
	if bus != nil {
		defer bus.Close() // after the server, before the store
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return failError(fmt.Errorf("cannot listen on %s: %v", o.Addr, cleanOSError(err)))
	}
	public := o.PublicURL
	if public == "" {
		scheme := "http"
		if o.TLSCert != "" {
			scheme = "https"
		}
		public = scheme + "://" + ln.Addr().String()
	}
	srv, err := relay.NewServer(relay.ServerConfig{
		Store: st, Bus: bus, PublicURL: public, MaxBody: o.MaxBodyBytes, QueueDepth: o.QueueDepth,
		Retention: o.Retention, ResponseTimeout: o.ResponseTimeout, CreateKey: o.CreateKey,
		OnEvent: func(e relay.ServerEvent) { logRelayEvent(errOut, o.Quiet, e) },
	})
	if err != nil {
		return failError(err)
	}
	storeDesc := storeDescription(o.Store)
	if o.ReadyFile != "" {
		if err := webhook.WriteAtomic(o.ReadyFile, []byte(public+"\n"), 0o644); err != nil {
			ln.Close()
			return usageErrorf("--ready-file: %v", err)
		}
	}
	fmt.Fprintf(errOut, "relay listening on %s, public URL %s, store %s\n", ln.Addr(), public, storeDesc)
	if rs, ok := st.(*store.Redis); ok {
		if w := rs.DurabilityWarning(ctx); w != "" {
			fmt.Fprintln(errOut, "relay: warning: "+w)
		}
	}
	if err := srv.Run(ctx, ln, o.TLSCert, o.TLSKey, 15*time.Second); err != nil {
		return failError(fmt.Errorf("relay stopped: %v", err))
	}
	fmt.Fprintln(errOut, "relay stopped")
	return nil
}

func logRelayEvent(w io.Writer, quiet bool, e relay.ServerEvent) {
	if quiet {
		return
	}
	switch e.Kind {
	case "connect":
		fmt.Fprintf(w, "client connected to %s from %s\n", e.Channel, e.Remote)
	case "disconnect":
		fmt.Fprintf(w, "client left %s (%s)\n", e.Channel, e.Detail)
	case "refuse":
		fmt.Fprintf(w, "client refused on %q from %s: %s\n", e.Channel, e.Remote, e.Detail)
	case "request":
		fmt.Fprintf(w, "%s %s %d %s\n", e.Channel, e.Outcome, e.Status, e.Detail)
	}
}
