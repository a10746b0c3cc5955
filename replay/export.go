package replay

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hookctl/hookctl/webhook"
)

// Export formats for ExportCommand.
const (
	ExportCurl   = "curl"
	ExportHTTPie = "httpie"
)

// maxInlineBody is the largest body written into the command itself; a
// larger one (or a binary one) goes into a data file. Linux caps one
// argument at 128 KiB.
const maxInlineBody = 64 << 10

// NeedsBodyFile reports whether req's body must be given to the exported
// command through a file: it is not text a shell argument can hold.
func NeedsBodyFile(req *webhook.Request) bool {
	b := req.Body
	return len(b) > maxInlineBody || !utf8.Valid(b) || strings.ContainsRune(string(b), 0)
}

// ExportCommand returns a shell command that sends req to url exactly as
// replay would: same method, URL, headers (hop-by-hop ones left out, the
// tool's own defaults suppressed) and body bytes. bodyFile names the file
// holding the body when NeedsBodyFile says so; otherwise it is ignored.
func ExportCommand(format string, req *webhook.Request, url, bodyFile string) (string, error) {
	useFile := NeedsBodyFile(req)
	if useFile && bodyFile == "" {
		return "", fmt.Errorf("the body is binary or large: it needs a data file")
	}
	switch format {
	case ExportCurl:
		return curlCommand(req, url, useFile, bodyFile), nil
	case ExportHTTPie:
		return httpieCommand(req, url, useFile, bodyFile), nil
	}
	return "", fmt.Errorf("export format %q is unknown: use curl or httpie", format)
}

func curlCommand(req *webhook.Request, url string, useFile bool, bodyFile string) string {
	args := []string{"curl --path-as-is --globoff --request " + ShellQuote(req.Method) + " " + ShellQuote(url)}
	h := webhook.ForwardHeaders(req.Headers)
	for _, kv := range h {
		line := kv.Name + ": " + kv.Value
		if kv.Value == "" {
			line = kv.Name + ";" // curl's way to send a header with no value
		}
		args = append(args, "--header "+ShellQuote(line))
	}
	hasBody := len(req.Body) > 0 || bodyMethod(req.Method)
	// curl adds these on its own; "Name:" tells it not to.
	for _, name := range []string{"User-Agent", "Accept", "Content-Type", "Expect"} {
		if !h.Has(name) && (hasBody || name == "User-Agent" || name == "Accept") {
			args = append(args, "--header "+ShellQuote(name+":"))
		}
	}
	switch {
	case useFile:
		args = append(args, "--data-binary @"+ShellQuote(bodyFile))
	case hasBody:
		// --data-raw, unlike --data-binary, never reads a body starting
		// with @ as a file name.
		args = append(args, "--data-raw "+ShellQuote(string(req.Body)))
	}
	return strings.Join(args, " \\\n  ")
}

func httpieCommand(req *webhook.Request, url string, useFile bool, bodyFile string) string {
	first := "http --path-as-is"
	if !useFile {
		first += " --ignore-stdin"
	}
	args := []string{first + " " + ShellQuote(req.Method) + " " + ShellQuote(url)}
	h := webhook.ForwardHeaders(req.Headers)
	for _, kv := range h {
		item := kv.Name + ":" + kv.Value
		if kv.Value == "" {
			item = kv.Name + ";" // HTTPie's way to send a header with no value
		}
		args = append(args, ShellQuote(item))
	}
	// HTTPie adds these on its own; "Name:" tells it not to.
	for _, name := range []string{"User-Agent", "Accept", "Accept-Encoding", "Content-Type"} {
		if !h.Has(name) {
			args = append(args, ShellQuote(name+":"))
		}
	}
	if !useFile && len(req.Body) > 0 {
		args = append(args, "--raw "+ShellQuote(string(req.Body)))
	}
	cmd := strings.Join(args, " \\\n  ")
	if useFile {
		cmd += " \\\n  < " + ShellQuote(bodyFile)
	}
	return cmd
}

// bodyMethod reports whether a method normally carries a body, so an empty
// one is still sent with Content-Length: 0, as Deliver does.
func bodyMethod(m string) bool {
	return m == "POST" || m == "PUT" || m == "PATCH"
}

// ShellQuote quotes s for a POSIX shell: as it is when it holds only safe
// characters, otherwise in single quotes, each quote inside written as
// quote, backslash, quote, quote.
func ShellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
