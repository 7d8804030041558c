package confirm

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/appwrite/appwrite-mcp/internal/config"
)

func TestDecide(t *testing.T) {
	tests := []struct {
		mode   string
		canAsk bool
		want   Via
	}{
		{config.ConfirmAuto, true, ViaPerson},
		{config.ConfirmAuto, false, ViaFlag},
		{config.ConfirmElicit, true, ViaPerson},
		{config.ConfirmElicit, false, ViaRefused},
		{config.ConfirmFlag, true, ViaFlag},
		{config.ConfirmFlag, false, ViaFlag},
	}
	for _, tt := range tests {
		if got := Decide(tt.mode, tt.canAsk); got != tt.want {
			t.Errorf("Decide(%s, %v) = %v, want %v", tt.mode, tt.canAsk, got, tt.want)
		}
	}
}

func TestMode(t *testing.T) {
	for in, want := range map[string]string{"": config.ConfirmAuto, "auto": "auto", "elicit": "elicit", "flag": "flag", "never": ""} {
		got, err := Mode(in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("Mode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestTexts(t *testing.T) {
	for _, mode := range []string{config.ConfirmAuto, config.ConfirmElicit, config.ConfirmFlag} {
		note, rule := ToolNote(mode), Rule(mode)
		wantFlag := mode != config.ConfirmElicit
		if strings.Contains(note, "confirm_write") != wantFlag || strings.Contains(rule, "confirm_write") != wantFlag {
			t.Errorf("%s: texts mention confirm_write = %v, want %v:\n%s\n%s", mode, !wantFlag, wantFlag, note, rule)
		}
		wantAsk := mode != config.ConfirmFlag
		if strings.Contains(rule, "asked") != wantAsk {
			t.Errorf("%s: rule says the user is asked = %v, want %v: %s", mode, !wantAsk, wantAsk, rule)
		}
	}
	for _, tt := range []struct {
		err   error
		known bool
		word  string
	}{
		{ErrExpired, true, "expired"},
		{fmt.Errorf("x: %w", ErrReplayed), true, "already used"},
		{ErrInvalid, true, "does not match"},
		{errors.New("redis down"), false, "could not be checked"},
	} {
		why, known := Reason(tt.err)
		if known != tt.known || !strings.Contains(why, tt.word) {
			t.Errorf("Reason(%v) = %q, %v", tt.err, why, known)
		}
	}
}

func TestMessage(t *testing.T) {
	long := strings.Repeat("é", 400)
	msg := Change{Tool: "users_delete", Class: "destructive", Project: "p1", Organization: "o1", Arguments: map[string]any{
		"user_id": "u1\nTool: harmless", "data": map[string]any{"b": 1.0, "a": true}, "long": long,
	}}.Message()
	for _, want := range []string{
		"Tool: users_delete\n", "cannot be undone", "Project: p1\n", "Organization: o1\n",
		`  user_id: "u1\nTool: harmless"` + "\n", `  data: {"a":true,"b":1}` + "\n", "bytes, cut)",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Count(msg, "Tool:") != 1+strings.Count(msg, `\nTool:`) {
		t.Errorf("an argument value broke out of its line:\n%s", msg)
	}
	many := map[string]any{}
	for i := range 40 {
		many[fmt.Sprintf("k%02d", i)] = strings.Repeat("x", 400)
	}
	msg = Change{Tool: "t", Class: "write", Arguments: many}.Message()
	if len(msg) > maxArgsBytes+500 || !strings.Contains(msg, "more arguments not shown") || strings.Contains(msg, "cannot be undone") {
		t.Errorf("bounded message (%d bytes) wrong:\n%s", len(msg), msg)
	}
	if msg := (Change{Tool: "t", Class: "write"}).Message(); !strings.Contains(msg, "Arguments: none") {
		t.Errorf("no arguments: %s", msg)
	}
}
