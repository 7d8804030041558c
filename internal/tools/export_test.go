package tools

// Helpers of the in-package tests that the end-to-end tests (package
// tools_test, e2e_test.go) share.
var LastJSON = lastJSON
