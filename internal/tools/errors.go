package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/catalog"
)

// upstreamErrorResult maps an Appwrite error to an isError result with the
// status, Appwrite's error type and message, and the next step.
func upstreamErrorResult(t *catalog.Tool, target Target, e *UpstreamError) *mcp.CallToolResult {
	next := nextStep(t, target, e)
	msg := e.Message
	if msg == "" {
		msg = "(no message)"
	}
	typ := e.Type
	if typ == "" {
		typ = "unknown"
	}
	text := fmt.Sprintf("Appwrite returned HTTP %d (%s) for %s: %s\nNext step: %s", e.Status, typ, t.Name, msg, next)
	return errorResult(text, map[string]any{
		"error": map[string]any{
			"status":  e.Status,
			"type":    e.Type,
			"message": e.Message,
		},
		"tool":      t.Name,
		"next_step": next,
	})
}

func nextStep(t *catalog.Tool, target Target, e *UpstreamError) string {
	read := t.Class == catalog.Read
	switch {
	case e.Status == 401 || e.Status == 403:
		s := "the access token lacks a scope this call needs, or the signed-in user lacks a role on "
		if target.ProjectID != "" {
			s += "project " + target.ProjectID
		} else {
			s += "this resource"
		}
		s += ". Check the project_id/organization_id with appwrite_get_context; if they are right, the user must reconnect and grant the missing scope (or get the role). Do not retry unchanged."
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
	case e.Status >= 500:
		if read {
			return "Appwrite failed on its side; this read may be retried after a short wait."
		}
		return "Appwrite failed on its side; the change may or may not have happened: check with a read tool before retrying."
	case e.Status == 400:
		return "fix the arguments as the message says; appwrite_search_tools shows the tool's parameters."
	}
	return "read Appwrite's message above and adjust the request."
}

// callErrorResult maps any error from an upstream call.
func callErrorResult(t *catalog.Tool, target Target, err error) *mcp.CallToolResult {
	var ue *UpstreamError
	if errors.As(err, &ue) {
		return upstreamErrorResult(t, target, ue)
	}
	var ae *ArgumentError
	if errors.As(err, &ae) {
		return argumentErrorResult(t, ae)
	}
	write := t.Class != catalog.Read
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		text := "The call to Appwrite timed out."
		if write {
			text += " The change may or may not have happened: check with a read tool before retrying."
		}
		return errorResult(text, nil)
	case errors.Is(err, context.Canceled):
		return errorResult("The request was cancelled before Appwrite answered.", nil)
	}
	text := "Could not complete the call to Appwrite: " + err.Error()
	if write {
		text += ". The change may or may not have happened: check with a read tool before retrying."
	}
	return errorResult(text, nil)
}

func argumentErrorResult(t *catalog.Tool, ae *ArgumentError) *mcp.CallToolResult {
	text := "Invalid arguments for " + t.Name + ": " + ae.Error() + ". Nothing was sent to Appwrite."
	return errorResult(text, map[string]any{"tool": t.Name, "param": ae.Param, "problem": ae.Problem})
}
