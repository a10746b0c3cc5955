package cmd

import (
	"fmt"
	"os"
	"strings"

	"github.com/hookctl/hookctl/render"
	"github.com/hookctl/hookctl/webhook"
	"github.com/spf13/cobra"
)

// secretOptions is the secret-taking flags shared by every command that
// signs or verifies: --secret (repeatable, for rotation), --secret-file, and
// the HOOKCTL_SECRET environment variable.
type secretOptions struct {
	Secrets []string
	Files   []string
}

func addSecretFlags(c *cobra.Command, o *secretOptions) {
	c.Flags().StringArrayVar(&o.Secrets, "secret", nil, "signing secret or key; repeat for rotation (also HOOKCTL_SECRET)")
	c.Flags().StringArrayVar(&o.Files, "secret-file", nil, "read secrets from a file, one a line (keeps them out of shell history)")
}

// resolve returns the secrets from flags, files or HOOKCTL_SECRET, in that
// order of preference. It returns nil, nil when none was given: whether
// that is an error depends on the command.
func (o *secretOptions) resolve(getenv func(string) string) ([]string, error) {
	var out []string
	for _, s := range o.Secrets {
		if s == "" {
			return nil, usageErrorf("--secret is empty: pass the secret, or use --secret-file")
		}
		out = append(out, s)
	}
	for _, path := range o.Files {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, usageErrorf("--secret-file %s: %v", path, cleanOSError(err))
		}
		n := 0
		for _, line := range strings.Split(string(data), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				out = append(out, line)
				n++
			}
		}
		if n == 0 {
			return nil, usageErrorf("--secret-file %s holds no secret", path)
		}
	}
	if len(out) == 0 {
		if env := strings.TrimSpace(getenv("HOOKCTL_SECRET")); env != "" {
			out = append(out, env)
		}
	}
	return out, nil
}

// parseHeaderFlags turns repeated -H "Name: value" flags into headers.
func parseHeaderFlags(flag string, values []string) (webhook.Headers, error) {
	var h webhook.Headers
	for _, v := range values {
		name, value, ok := strings.Cut(v, ":")
		name = strings.TrimSpace(name)
		if !ok || !webhook.ValidHeaderName(name) {
			return nil, usageErrorf("%s %q is not a header: write it as \"Name: value\"", flag, v)
		}
		h.Add(name, strings.TrimSpace(value))
	}
	return h, nil
}

// renderer returns the terminal renderer for w, coloured as decided for this
// run.
func (d *Deps) renderer(w interface{ Write([]byte) (int, error) }) *render.Renderer {
	return render.New(w, render.Options{Color: d.IO.Color})
}

func cleanOSError(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		if os.IsNotExist(pe.Err) {
			return "no such file"
		}
		if os.IsPermission(pe.Err) {
			return "permission denied"
		}
		return pe.Err.Error()
	}
	return fmt.Sprint(err)
}
