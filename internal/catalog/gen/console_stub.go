package main

import "context"

// TEMPORARY until the console loader lands.
func loadConsole(context.Context, string) ([]Method, error) { return nil, nil }

func consoleSDKVersion(string) (string, error) { return "", nil }
