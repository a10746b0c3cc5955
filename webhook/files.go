package webhook

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Loaded is one fixture read from a source, or the reason it could not be.
type Loaded struct {
	// Source names where it came from: a file path, or "stdin:3" for the
	// third object of a stream.
	Source  string
	Request *Request
	Err     error
}

// ReadFile reads one fixture file. Errors name the file.
func ReadFile(path string) (*Request, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, cleanFSError(err))
	}
	r, err := ParseFixture(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// Load reads fixtures from each argument: a file (one fixture object, or JSON
// lines when it ends in .jsonl or .ndjson), a folder (every .json, .jsonl and
// .ndjson file in it, by name, not recursing), or a glob pattern. A bad file
// is returned as a Loaded with Err set, so the caller can go on with the rest;
// an argument that matches nothing at all is an error.
func Load(args []string) ([]Loaded, error) {
	var out []Loaded
	for _, arg := range args {
		paths, err := expand(arg)
		if err != nil {
			return nil, err
		}
		for _, p := range paths {
			out = append(out, loadPath(p)...)
		}
	}
	return out, nil
}

func expand(arg string) ([]string, error) {
	info, err := os.Stat(arg)
	switch {
	case err == nil && info.IsDir():
		entries, err := os.ReadDir(arg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, cleanFSError(err))
		}
		var paths []string
		for _, e := range entries {
			if !e.IsDir() && isFixtureName(e.Name()) {
				paths = append(paths, filepath.Join(arg, e.Name()))
			}
		}
		if len(paths) == 0 {
			return nil, fmt.Errorf("%s: no fixture files (*.json, *.jsonl) in this folder", arg)
		}
		return paths, nil
	case err == nil:
		return []string{arg}, nil
	case strings.ContainsAny(arg, "*?["):
		paths, gerr := filepath.Glob(arg)
		if gerr != nil {
			return nil, fmt.Errorf("%s: bad pattern: %v", arg, gerr)
		}
		if len(paths) == 0 {
			return nil, fmt.Errorf("%s: the pattern matches no files", arg)
		}
		sort.Strings(paths)
		return paths, nil
	default:
		return nil, fmt.Errorf("%s: %w", arg, cleanFSError(err))
	}
}

func isFixtureName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".json" || ext == ".jsonl" || ext == ".ndjson"
}

func loadPath(path string) []Loaded {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".jsonl" && ext != ".ndjson" {
		r, err := ReadFile(path)
		return []Loaded{{Source: path, Request: r, Err: err}}
	}
	f, err := os.Open(path)
	if err != nil {
		return []Loaded{{Source: path, Err: fmt.Errorf("%s: %w", path, cleanFSError(err))}}
	}
	defer f.Close()
	return ReadStream(f, path)
}

// ReadStream reads a stream of fixture objects: JSON lines, or objects one
// after another with any white space between. name labels each result
// ("stdin:2"). A syntax error ends the stream, since nothing after it can be
// trusted; an object that is valid JSON but not a valid fixture is reported
// and skipped.
func ReadStream(r io.Reader, name string) []Loaded {
	dec := json.NewDecoder(bufio.NewReader(r))
	var out []Loaded
	for n := 1; ; n++ {
		src := fmt.Sprintf("%s:%d", name, n)
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			out = append(out, Loaded{Source: src, Err: fmt.Errorf("%s: %w", src, describeJSONError(nil, err))})
			return out
		}
		req, err := ParseFixture(raw)
		if err != nil {
			err = fmt.Errorf("%s: %w", src, err)
		}
		out = append(out, Loaded{Source: src, Request: req, Err: err})
	}
}

// FileName returns the name a saved fixture gets: time received, provider
// and event type where known, and id, so that a folder lists in arrival order
// and a person can find an event by eye.
func FileName(r *Request) string {
	parts := []string{r.ReceivedAt.UTC().Format("20060102T150405.000000Z")}
	for _, s := range []string{r.Provider, r.Event, r.ID} {
		if s = safeName(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "_") + ".json"
}

func safeName(s string) string {
	s = strings.Map(func(c rune) rune {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-', c == '_':
			return c
		}
		return '-'
	}, s)
	if len(s) > 64 {
		s = s[:64]
	}
	return strings.Trim(s, "-.")
}

// WriteFile saves r as a fixture in dir under FileName(r) and returns the
// path. It writes a temporary file and renames it into place, so a crash or a
// full disk never leaves half a fixture behind.
func WriteFile(dir string, r *Request) (string, error) {
	data, err := MarshalFixture(r)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, FileName(r))
	if err := WriteAtomic(path, data, 0o644); err != nil {
		return "", err
	}
	return path, nil
}

// WriteAtomic writes data to path through a temporary file in the same
// folder, synced and then renamed over path.
func WriteAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, cleanFSError(err))
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("cannot write %s: %w", path, cleanFSError(err))
	}
	if _, err := io.Copy(tmp, bytes.NewReader(data)); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return fmt.Errorf("cannot write %s: %w", path, cleanFSError(err))
	}
	return nil
}

// cleanFSError drops the path that os errors repeat, since callers name it.
func cleanFSError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, fs.ErrNotExist):
			return errors.New("no such file or folder")
		case errors.Is(pe.Err, fs.ErrPermission):
			return errors.New("permission denied")
		}
		return pe.Err
	}
	return err
}
