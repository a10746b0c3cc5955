package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/hookctl/hookctl/render"
	"github.com/hookctl/hookctl/replay"
	"github.com/hookctl/hookctl/webhook"
)

// dryRun prints each request as it would be sent: on stdout, as text or
// JSON lines. Bad fixtures are named on stderr and make the exit code 1.
func (r *replayReport) dryRun(sum replay.Summary) error {
	for i, res := range sum.Results {
		switch {
		case !res.Passed:
			r.badItem(res)
		case r.o.JSON:
			replayJSONLine(r.out, requestLine{
				Type: "request", Fixture: res.Source, URL: res.URL, Resigned: res.Signing.Resigned, Request: res.Sent,
			})
		default:
			if i > 0 {
				fmt.Fprintln(r.out)
			}
			fmt.Fprint(r.out, showRequest(res))
		}
	}
	return r.exitFor(sum)
}

func (r *replayReport) badItem(res replay.Result) {
	if r.o.JSON {
		replayJSONLine(r.out, resultJSON(res))
		return
	}
	fmt.Fprintf(r.errOut, "hookctl: %s: %s\n", res.Source, res.Reason)
}

func (r *replayReport) exitFor(sum replay.Summary) error {
	r.noteUnsigned()
	if sum.OK() {
		return nil
	}
	return errSilent{ExitFail}
}

// showRequest is the request as on the wire: a comment naming the fixture,
// the request line with the full URL, headers, and the body when it is
// printable text.
func showRequest(res replay.Result) string {
	var b strings.Builder
	note := ""
	if res.Signing.Resigned {
		note = " (re-signed: " + res.Signing.Provider + ")"
	}
	fmt.Fprintf(&b, "# %s%s\n%s %s\n", res.Source, note, res.Sent.Method, res.URL)
	for _, kv := range webhook.ForwardHeaders(res.Sent.Headers) {
		fmt.Fprintf(&b, "%s: %s\n", kv.Name, kv.Value)
	}
	if body := res.Sent.Body; len(body) > 0 {
		if printableText(string(body)) {
			fmt.Fprintf(&b, "\n%s\n", strings.TrimSuffix(string(body), "\n"))
		} else {
			fmt.Fprintf(&b, "\n[%s binary body not shown]\n", render.Size(len(body)))
		}
	}
	return b.String()
}

func printableText(s string) bool {
	if replay.NeedsBodyFile(&webhook.Request{Body: []byte(s)}) {
		return false
	}
	for _, c := range s {
		if unicode.IsControl(c) && c != '\n' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// export prints a command per request; a body a shell argument cannot hold
// is written to a data file beside its fixture.
func (r *replayReport) export(sum replay.Summary) error {
	first := true
	for _, res := range sum.Results {
		if !res.Passed {
			r.badItem(res)
			continue
		}
		bodyFile := ""
		if replay.NeedsBodyFile(res.Sent) {
			bodyFile = bodyFilePath(res.Source)
			if err := webhook.WriteAtomic(bodyFile, res.Sent.Body, 0o644); err != nil {
				return failError(err)
			}
			fmt.Fprintf(r.errOut, "hookctl: wrote the body of %s (%s) to %s\n", res.Source, render.Size(len(res.Sent.Body)), bodyFile)
		}
		cmd, err := replay.ExportCommand(r.o.As, res.Sent, res.URL, bodyFile)
		if err != nil {
			return failError(err)
		}
		if !first {
			fmt.Fprintln(r.out)
		}
		first = false
		fmt.Fprintln(r.out, cmd)
	}
	return r.exitFor(sum)
}

// bodyFilePath names the data file for a fixture's body: x.json gives
// x.body beside it; the third object of stdin gives stdin-3.body here.
func bodyFilePath(source string) string {
	if i := strings.LastIndexByte(source, ':'); i > 0 && isDigits(source[i+1:]) {
		if _, err := os.Stat(source); err != nil {
			name := source[:i]
			return strings.TrimSuffix(name, filepath.Ext(name)) + "-" + source[i+1:] + ".body"
		}
	}
	return strings.TrimSuffix(source, filepath.Ext(source)) + ".body"
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
