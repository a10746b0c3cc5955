package relay

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hookctl/hookctl/webhook"
)

// SavedChannel is a channel the client used on a relay, kept so that the
// next connect to that relay resumes the same public URL.
type SavedChannel struct {
	Relay   string `json:"relay"`
	Channel string `json:"channel"`
	Token   string `json:"token"`
}

type savedFile struct {
	Version  int            `json:"version"`
	Channels []SavedChannel `json:"channels"`
}

// LoadSaved returns the channel saved for relay in the file at path, if any.
// A missing file is not an error.
func LoadSaved(path, relay string) (SavedChannel, bool, error) {
	f, err := readSaved(path)
	if err != nil {
		return SavedChannel{}, false, err
	}
	for _, sc := range f.Channels {
		if sc.Relay == relay {
			return sc, true, nil
		}
	}
	return SavedChannel{}, false, nil
}

// Save records sc as the channel to resume on its relay, replacing any
// other. The file is written atomically with mode 0600: it holds tokens.
func Save(path string, sc SavedChannel) error {
	f, err := readSaved(path)
	if err != nil {
		return err
	}
	kept := []SavedChannel{sc}
	for _, old := range f.Channels {
		if old.Relay != sc.Relay {
			kept = append(kept, old)
		}
	}
	f.Version, f.Channels = 1, kept
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("saving the relay channel: %w", err)
	}
	if err := webhook.WriteAtomic(path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("saving the relay channel: %w", err)
	}
	return nil
}

func readSaved(path string) (savedFile, error) {
	var f savedFile
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, fmt.Errorf("reading saved relay channels: %w", err)
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return f, fmt.Errorf("%s is damaged (%v): delete it to start afresh", path, err)
	}
	return f, nil
}
