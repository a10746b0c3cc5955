package sign

import (
	"crypto/rand"
	"encoding/hex"
)

// newID makes a message id for schemes that sign one and were given none.
func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return "msg_" + hex.EncodeToString(b)
}
