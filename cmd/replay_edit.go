package cmd

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/hookctl/hookctl/replay"
	"github.com/hookctl/hookctl/webhook"
)

// editBody opens req's body in the user's editor and sends what they save.
// It runs before re-signing, so the new body gets a valid signature.
func (o *replayOptions) editBody(source string, req *webhook.Request) error {
	editor := o.deps.Getenv("EDITOR")
	if editor == "" {
		editor = o.deps.Getenv("VISUAL")
	}
	if editor == "" {
		editor = "vi"
		if runtime.GOOS == "windows" {
			editor = "notepad"
		}
	}
	dir, err := os.MkdirTemp("", "hookctl-edit-")
	if err != nil {
		return fmt.Errorf("cannot make a file to edit: %v", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "body"+bodyExt(req))
	if err := os.WriteFile(path, req.Body, 0o600); err != nil {
		return fmt.Errorf("cannot make a file to edit: %v", err)
	}
	// Through the shell, as git does, so EDITOR="code --wait" works.
	c := exec.Command("sh", "-c", editor+" "+replay.ShellQuote(path))
	if runtime.GOOS == "windows" {
		c = exec.Command("cmd", "/C", editor+` "`+path+`"`)
	}
	c.Stdin, c.Stdout, c.Stderr = o.deps.IO.In, o.deps.IO.Out, o.deps.IO.ErrOut
	if err := c.Run(); err != nil {
		return fmt.Errorf("editor %q failed (%v): not sent", editor, err)
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("cannot read the edited body: %v", err)
	}
	req.Body = body
	return nil
}

// bodyExt gives the temporary file an extension so editors pick the right
// syntax mode.
func bodyExt(req *webhook.Request) string {
	ct := strings.ToLower(req.Headers.Get("Content-Type"))
	switch {
	case strings.Contains(ct, "json"):
		return ".json"
	case strings.Contains(ct, "xml"):
		return ".xml"
	case strings.Contains(ct, "x-www-form-urlencoded"):
		return ".txt"
	}
	return ""
}
