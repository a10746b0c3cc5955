package sign

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
)

// newID makes a message id for schemes that sign one and were given none.
func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return "msg_" + hex.EncodeToString(b)
}

// messageID is the id to sign: the one given, trimmed as a header value
// would be, or a new one. Control characters cannot travel in a header.
func messageID(id string) (string, error) {
	id = strings.TrimSpace(id)
	if strings.ContainsFunc(id, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return "", fmt.Errorf("message id %q has control characters, which a header cannot carry", id)
	}
	if id == "" {
		return newID(), nil
	}
	return id, nil
}
