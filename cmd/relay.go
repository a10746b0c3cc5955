package cmd

import (
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

// newRelayCmd groups `relay serve` and `relay connect`.
func newRelayCmd(deps *Deps) *cobra.Command {
	c := &cobra.Command{
		Use:   "relay <command>",
		Short: "Run a public webhook relay, or tunnel its traffic to localhost",
		Long: `A relay gives your local app a public webhook URL, with no account.

'relay serve' runs the relay on a machine with a public address. 'relay
connect' opens a websocket tunnel from your machine: every request sent to
the channel's URL is delivered to --forward-to byte for byte (so provider
signatures still verify), and the app's answer goes back to the sender.
While no client is connected the relay keeps requests on disk and answers
202; the next connect delivers them in order, each once.`,
		Example: `  # On a public server (behind Caddy or nginx for TLS)
  hookctl relay serve --addr 127.0.0.1:8787 --public-url https://relay.example.com --store /var/lib/hookctl/relay.db

  # On your laptop: create a channel and forward it to your app
  hookctl relay connect https://relay.example.com --forward-to http://localhost:3000`,
		Args: cobra.NoArgs,
	}
	c.AddCommand(newRelayServeCmd(deps, nil), newRelayConnectCmd(deps, nil))
	return c
}

// relaysFile is where connect keeps the channel and token for each relay,
// so that the next connect resumes the same public URL.
func relaysFile(getenv func(string) string) (string, error) {
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" {
		var err error
		if dir, err = os.UserConfigDir(); err != nil {
			return "", err
		}
	}
	return filepath.Join(dir, "hookctl", "relays.json"), nil
}
