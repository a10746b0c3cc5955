package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Exit codes, as documented in the README.
const (
	ExitOK        = 0   // success
	ExitFail      = 1   // the check failed: bad signature, non-2xx, unmet expectation, timeout
	ExitUsage     = 2   // usage or input error: bad flags, unreadable file, unknown provider
	ExitInterrupt = 130 // a one-shot command stopped by Ctrl-C
)

// ExitError carries the exit code an error should end the process with.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }

// usageErrorf reports bad flags, arguments or input: exit code 2.
func usageErrorf(format string, a ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, a...)}
}

// failError reports a check that did not pass: exit code 1.
func failError(err error) error {
	return &ExitError{Code: ExitFail, Err: err}
}

// errSilent ends a command with a code after it has already said why (for
// example a summary table that lists each failure).
type errSilent struct{ code int }

func (e errSilent) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// exitCode maps an error to the process exit code. It is the one place
// where that mapping happens.
func exitCode(ctx context.Context, err error) int {
	var ee *ExitError
	var silent errSilent
	switch {
	case err == nil:
		return ExitOK
	case ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, ctx.Err())):
		return ExitInterrupt
	case errors.As(err, &silent):
		return silent.code
	case errors.As(err, &ee):
		return ee.Code
	case isCobraUsageError(err):
		return ExitUsage
	}
	return ExitFail
}

// isCobraUsageError recognises the argument errors cobra returns as plain
// errors (flag errors arrive wrapped by the root's flag error func).
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "accepts ", "requires at least", "requires at most", "requires exactly", "invalid argument", "unknown flag", "unknown shorthand flag", "flag needs an argument"} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

// message is what the user sees for err: one line, no stack.
func message(ctx context.Context, err error) string {
	if exitCode(ctx, err) == ExitInterrupt {
		return "interrupted"
	}
	msg := strings.TrimSpace(err.Error())
	return strings.ReplaceAll(msg, "\n", " ")
}
