package tools

import (
	"context"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
	"github.com/appwrite/appwrite-mcp/internal/catalog"
	"github.com/appwrite/appwrite-mcp/internal/config"
	"github.com/appwrite/appwrite-mcp/internal/confirm"
)

// elicitID names the one input request of a write confirmation.
const elicitID = "confirm_write"

// newSigner checks o.WriteConfirmation and returns the signer of
// confirmation state: MCP_STATE_KEY, or a random key of this process.
func newSigner(o *Options) (*confirm.Signer, error) {
	mode, err := confirm.Mode(o.WriteConfirmation)
	if err != nil {
		return nil, fmt.Errorf("tools: %w", err)
	}
	o.WriteConfirmation = mode
	if o.Signer != nil {
		return o.Signer, nil
	}
	s, err := confirm.NewSigner(o.StateKey, confirm.Options{Ledger: o.Ledger})
	if err != nil {
		return nil, fmt.Errorf("tools: MCP_STATE_KEY: %w", err)
	}
	if s.Ephemeral() && !o.ReadOnly && o.WriteConfirmation != config.ConfirmFlag {
		o.Logger.Warn("MCP_STATE_KEY is not set: write confirmations are signed with a random key of this process; with several replicas, give each the same MCP_STATE_KEY")
	}
	return s, nil
}

// confirmVia decides how this request confirms a write. Only a client on
// MCP 2026-07-28 or later (results that ask for input, SEP-2322) that
// declares form elicitation ({} means form) can ask the person: before it,
// asking takes a server-to-client request, which a stateless server has no
// stream for (go-sdk refuses it).
func (s *service) confirmVia(req *mcp.CallToolRequest) confirm.Via {
	canAsk := false
	if req != nil && req.Params != nil && req.ProtocolVersion() >= confirm.ProtocolMRTR {
		c := req.ClientCapabilities()
		canAsk = c != nil && c.Elicitation != nil && (c.Elicitation.Form != nil || c.Elicitation.URL == nil)
	}
	return confirm.Decide(s.opts.WriteConfirmation, canAsk)
}

// askPerson confirms a write with the person. The first round returns an
// input-required result: the elicitation showing the exact change, and a
// state signed for the caller, the tool, the arguments and the target. The
// retry carries the answer and the state; only an accept with an
// untampered, unexpired, unspent state of this very call returns nil (go
// on). A decline or cancel sends nothing whatever its state.
func (s *service) askPerson(ctx context.Context, req *mcp.CallToolRequest, t *catalog.Tool, args map[string]any, target appwrite.Target) (*mcp.CallToolResult, callInfo) {
	a, err := confirm.ActionFor(subject(req), t.Name, args, target.ProjectID, target.OrganizationID)
	if err != nil {
		return toolError(t.Name + ": the change cannot be confirmed (no signed-in subject, or arguments that cannot be shown). Nothing was sent.")
	}
	state := req.Params.RequestState
	if state == "" {
		st, err := s.signer.Sign(a)
		if err != nil {
			return toolError(t.Name + ": the confirmation could not be prepared. Nothing was sent.")
		}
		msg := confirm.Change{Tool: t.Name, Class: string(t.Class), Project: target.ProjectID, Organization: target.OrganizationID, Arguments: args}.Message()
		return &mcp.CallToolResult{RequestState: st, InputRequests: mcp.InputRequestMap{elicitID: &mcp.ElicitParams{
			Mode: "form", Message: msg, RequestedSchema: map[string]any{"type": "object", "properties": map[string]any{}},
		}}}, callInfo{outcome: OutcomeRefused}
	}
	answer, _ := req.Params.InputResponses[elicitID].(*mcp.ElicitResult)
	details := map[string]any{"tool": t.Name, "confirmation": "cancelled"}
	switch {
	case answer != nil && answer.Action == "decline":
		details["confirmation"] = "declined"
		return refused("The person declined "+t.Name+". Nothing was sent; do not retry unless they ask for it.", details)
	case answer == nil || answer.Action != "accept":
		return refused("The person closed the confirmation of "+t.Name+" without allowing it. Nothing was sent.", details)
	}
	if err := s.signer.Redeem(ctx, state, a); err != nil {
		return s.stateRefused(ctx, t, err)
	}
	return nil, callInfo{}
}

func (s *service) stateRefused(ctx context.Context, t *catalog.Tool, err error) (*mcp.CallToolResult, callInfo) {
	why, known := confirm.Reason(err)
	if !known {
		s.log.WarnContext(ctx, "write confirmation", "tool", t.Name, "error", err)
	}
	return refused("The confirmation of "+t.Name+" "+why+". Nothing was sent; call again to ask the person anew.",
		map[string]any{"tool": t.Name, "confirmation": "invalid"})
}
