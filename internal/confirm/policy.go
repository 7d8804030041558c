package confirm

import (
	"errors"
	"fmt"

	"github.com/appwrite/appwrite-mcp/internal/config"
)

// ProtocolMRTR is the first MCP version whose results can ask for input
// (SEP-2322): a stateless server can ask the person only from it on.
const ProtocolMRTR = "2026-07-28"

// CannotAsk refuses a write in MCP_WRITE_CONFIRMATION=elicit mode to a
// client that cannot ask the person.
func CannotAsk(tool, class string) string {
	return fmt.Sprintf("%s is a %s tool and this server asks the person to allow every write (MCP_WRITE_CONFIRMATION=elicit), "+
		"but this client cannot ask them: it must declare elicitation and speak MCP %s or later. Nothing was sent.", tool, class, ProtocolMRTR)
}

// Via is how one write call is confirmed.
type Via int

// How a write is confirmed.
const (
	ViaFlag    Via = iota // the model sends confirm_write: true
	ViaPerson             // the person answers an elicitation
	ViaRefused            // MCP_WRITE_CONFIRMATION=elicit, and this client cannot ask the person
)

// Mode checks an MCP_WRITE_CONFIRMATION value; "" is config.ConfirmAuto.
func Mode(mode string) (string, error) {
	switch mode {
	case "":
		return config.ConfirmAuto, nil
	case config.ConfirmAuto, config.ConfirmElicit, config.ConfirmFlag:
		return mode, nil
	}
	return "", fmt.Errorf("confirm: unknown write confirmation %q", mode)
}

// Decide is how a write is confirmed in mode for a client that can (or
// cannot) ask the person.
func Decide(mode string, canAsk bool) Via {
	switch {
	case mode == config.ConfirmFlag:
		return ViaFlag
	case canAsk:
		return ViaPerson
	case mode == config.ConfirmElicit:
		return ViaRefused
	}
	return ViaFlag
}

// ToolNote ends the description of a write tool in mode.
func ToolNote(mode string) string {
	switch mode {
	case config.ConfirmFlag:
		return "Needs confirm_write: true after the user confirmed the change."
	case config.ConfirmElicit:
		return "The user is asked through the client to allow the exact change before anything is sent."
	}
	return "The user is asked through the client to allow the exact change when it supports elicitation; otherwise this needs confirm_write: true after the user confirmed the change."
}

// Rule is the write rule of the server's instructions in mode.
func Rule(mode string) string {
	rule := "a write or destructive tool runs only with confirm_write: true (the JSON boolean), and only after the user confirmed that exact change; without it nothing is sent."
	switch mode {
	case config.ConfirmElicit:
		rule = "before a write or destructive tool runs, the user is asked through the client to allow that exact change; if they do not, nothing is sent."
	case config.ConfirmAuto:
		rule = "when the client supports elicitation, the user is asked through it to allow each write; otherwise " + rule
	}
	return "Write rule: " + rule + " Deletions cannot be undone.\n"
}

// Reason says why a state was refused, for the person and the model;
// known reports whether err is one of this package's verdicts.
func Reason(err error) (why string, known bool) {
	switch {
	case errors.Is(err, ErrExpired):
		return "has expired", true
	case errors.Is(err, ErrReplayed):
		return "was already used once", true
	case errors.Is(err, ErrInvalid):
		return "does not match this call (changed, or issued for another call or user)", true
	}
	return "could not be checked", false
}
