// Package cmd is hookctl's command line: one file per command, each turning
// flags into an options struct and calling a domain package. It is the only
// package that knows about flags, colour and terminals.
package cmd

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"
)

// Deps are what commands need from the world. Tests replace any of them.
type Deps struct {
	IO     *IOStreams
	Getenv func(string) string
	Now    func() time.Time
	// HTTPClient sends deliveries; nil means the webhook package's default.
	HTTPClient *http.Client
	Build      BuildInfo
}

// SystemDeps returns the real streams, environment and clock.
func SystemDeps(build BuildInfo) Deps {
	return Deps{IO: SystemIO(), Getenv: os.Getenv, Now: time.Now, Build: build}
}

func (d Deps) withDefaults() Deps {
	if d.IO == nil {
		d.IO = SystemIO()
	}
	if d.Getenv == nil {
		d.Getenv = os.Getenv
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	d.Build = d.Build.withFallback(debug.ReadBuildInfo)
	return d
}

// Main runs hookctl with args and returns the exit code. It prints any error
// once, on standard error.
func Main(ctx context.Context, args []string, deps Deps) int {
	deps = deps.withDefaults()
	root := NewRootCmd(&deps)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	code := exitCode(ctx, err)
	if _, silent := err.(errSilent); !silent {
		fmt.Fprintf(deps.IO.ErrOut, "hookctl: %s\n", message(ctx, err))
	}
	return code
}

// NewRootCmd builds a fresh command tree; nothing is shared between trees,
// so tests can run many in parallel.
func NewRootCmd(deps *Deps) *cobra.Command {
	var noColor bool
	root := &cobra.Command{
		Use:   "hookctl <command>",
		Short: "Test webhooks from the command line: capture, sign, verify, send, replay, relay",
		Long: `hookctl tests webhooks end to end, with no account and no cloud.

It captures and shows incoming requests, signs and verifies them byte-exact
for 40+ providers, fires realistic signed test events, replays saved
fixtures in CI, and relays public traffic to localhost without losing any.`,
		Example: `  # Watch webhooks arrive on localhost:8080 and check Stripe signatures
  hookctl listen --provider stripe --secret whsec_...

  # Sign a body as GitHub would, or check a signature you were sent
  hookctl sign --provider github --secret s3cret payload.json
  hookctl verify --provider github --secret s3cret -H "X-Hub-Signature-256: sha256=..." payload.json

  # Replay saved requests against your app and fail CI on any non-2xx
  hookctl replay testdata/hooks/ --to http://localhost:3000 --expect-status 2xx`,
		Version:       deps.Build.String(),
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRun: func(c *cobra.Command, args []string) {
			deps.IO.Color = decideColor(noColor, deps.Getenv, deps.IO.OutTTY)
		},
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetIn(deps.IO.In)
	root.SetOut(deps.IO.Out)
	root.SetErr(deps.IO.ErrOut)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErrorf("%v (see '%s --help')", err, c.CommandPath())
	})
	root.PersistentFlags().BoolVar(&noColor, "no-color", false, "turn off colour (also NO_COLOR=1)")
	root.Flags().Bool("version", false, "print the version and exit")

	for _, sub := range []*cobra.Command{
		newListenCmd(deps, nil),
		newReplayCmd(deps, nil),
		newSendCmd(deps, nil),
		newCheckCmd(deps, nil),
		newSignCmd(deps, nil),
		newVerifyCmd(deps, nil),
		newRelayCmd(deps),
	} {
		root.AddCommand(sub)
	}
	return root
}
