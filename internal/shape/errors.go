package shape

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

// CallError maps any error of a catalog tool call to an isError result
// that says what happened and what to do next: Appwrite's answer
// (*appwrite.APIError), bad input (*catalog.ArgError, nothing sent), a
// timeout or cancellation, or a transport failure.
func CallError(t *catalog.Tool, target appwrite.Target, err error) *mcp.CallToolResult {
	var ae *appwrite.APIError
	if errors.As(err, &ae) {
		return upstreamError(t, target, ae)
	}
	var arg *catalog.ArgError
	if errors.As(err, &arg) {
		return argumentError(t, arg)
	}
	var pe *appwrite.PathParamError
	if errors.As(err, &pe) {
		return argumentError(t, &catalog.ArgError{Problem: pe.Error(), Err: pe})
	}
	write := t.Class != catalog.Read
	maybeChanged := ""
	if write {
		maybeChanged = " The change may or may not have happened: check with a read tool before retrying."
	}
	switch {
	case errors.Is(err, appwrite.ErrResponseTooLarge):
		return Error("The Appwrite response was larger than this server accepts; ask for less (queries such as limit(25) or select([...])).", nil)
	case errors.Is(err, context.DeadlineExceeded):
		return Error("The call to Appwrite timed out."+maybeChanged, nil)
	case errors.Is(err, context.Canceled):
		return Error("The request was cancelled before Appwrite answered."+maybeChanged, nil)
	}
	return Error("Could not complete the call to Appwrite: "+err.Error()+"."+maybeChanged, nil)
}

// upstreamError maps an Appwrite error to an isError result with the
// status, Appwrite's error type and message, and the next step.
func upstreamError(t *catalog.Tool, target appwrite.Target, e *appwrite.APIError) *mcp.CallToolResult {
	next := NextStep(t, target.ProjectID, e)
	msg := e.Message
	if msg == "" {
		msg = "(no message)"
	}
	typ := e.Type
	if typ == "" {
		typ = "unknown"
	}
	text := fmt.Sprintf("Appwrite returned HTTP %d (%s) for %s: %s\nNext step: %s", e.Status, typ, t.Name, msg, next)
	return Error(text, map[string]any{
		"error":     map[string]any{"status": e.Status, "type": e.Type, "message": e.Message},
		"tool":      t.Name,
		"next_step": next,
	})
}

// NextStep says what to do after Appwrite refused a call of t inside
// projectID ("" for console calls).
func NextStep(t *catalog.Tool, projectID string, e *appwrite.APIError) string {
	switch {
	case e.Status == 401 || e.Status == 403:
		on := "this resource"
		if projectID != "" {
			on = "project " + projectID
		}
		s := "the access token lacks a scope this call needs, or the signed-in user lacks a role on " + on +
			". Check the project_id/organization_id with appwrite_get_context; if they are right, the user must reconnect and grant the missing scope (or get the role). Do not retry unchanged."
		if strings.Contains(e.Type, "general_access_forbidden") {
			s += " general_access_forbidden can also mean the project lives in another region than the endpoint used."
		}
		return s
	case e.Status == 404:
		return "check the IDs (project_id and every *_id argument); find the right ones with a list tool (search e.g. \"list " + strings.ReplaceAll(t.Service, "_", " ") + "\")."
	case e.Status == 409:
		return "the resource already exists or conflicts with another; choose another ID, or read the existing one and update it instead."
	case e.Status == 429:
		return "Appwrite is rate limiting these requests; wait before retrying, and avoid loops of calls."
	case e.Status >= 500 && t.Class == catalog.Read:
		return "Appwrite failed on its side; this read may be retried after a short wait."
	case e.Status >= 500:
		return "Appwrite failed on its side; the change may or may not have happened: check with a read tool before retrying."
	case e.Status == 400:
		return "fix the arguments as the message says; appwrite_search_tools shows the tool's parameters."
	}
	return "read Appwrite's message above and adjust the request."
}

func argumentError(t *catalog.Tool, ae *catalog.ArgError) *mcp.CallToolResult {
	text := "Invalid arguments for " + t.Name + ": " + ae.Error() + ". Nothing was sent to Appwrite."
	return Error(text, map[string]any{"tool": t.Name, "param": ae.Param, "problem": ae.Problem})
}
