package main

import (
	"context"

	"github.com/appwrite/appwrite-mcp/internal/catalog/gen/spec"
)

// TEMPORARY until the console loader lands.
func loadConsole(context.Context, string) ([]spec.Method, error) { return nil, nil }

func consoleSDKVersion(string) (string, error) { return "", nil }
