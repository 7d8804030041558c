package catalog

import (
	"context"
	"errors"
	"fmt"

	"github.com/appwrite/appwrite-mcp/internal/appwrite"
)

// Result is the raw upstream answer of one tool call.
type Result struct {
	appwrite.Response
	// Undecoded is true when Appwrite answered 2xx (or 3xx) but the SDK
	// could not decode the body into its model; Body is still faithful.
	Undecoded bool
}

// Invoke converts args (keyed by snake_case property names), validates
// every path value, and calls the tool's SDK method through s. Bad input
// returns *ArgError and sends nothing. A non-2xx answer returns an error
// wrapping *appwrite.APIError. The Result body is the raw upstream body.
func (t *Tool) Invoke(ctx context.Context, s *appwrite.Session, args map[string]any) (res Result, err error) {
	if t.call == nil {
		return Result{}, fmt.Errorf("catalog: tool %s has no dispatch", t.Name)
	}
	if s == nil {
		return Result{}, errors.New("catalog: nil session")
	}
	if err := s.Err(); err != nil {
		return Result{}, err
	}
	a, err := newArgs(t, args)
	if err != nil {
		return Result{}, err
	}
	clt, rec := s.NewClient(ctx)
	defer func() {
		// The SDK panics on some unexpected answers (e.g. resuming an upload
		// whose ID exists); never let that take the server down.
		if p := recover(); p != nil {
			hint := ""
			if t.Upload {
				hint = " (a file with this ID may already exist)"
			}
			res, err = Result{}, fmt.Errorf("catalog: %s: the Appwrite SDK failed on the response%s: %v", t.Name, hint, p)
			if r := rec.Last(); r != nil && (r.Status < 200 || r.Status > 399) {
				err = fmt.Errorf("catalog: %s: %w", t.Name, appwrite.NewAPIError(r))
			}
		}
	}()
	callErr := t.call(ctx, s, clt, a)
	var argErr *ArgError
	if errors.As(callErr, &argErr) {
		return Result{}, callErr
	}
	last := rec.Last()
	if last == nil {
		if callErr == nil {
			callErr = errors.New("no upstream response")
		}
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(callErr, ctxErr) {
			callErr = fmt.Errorf("%w (%w)", callErr, ctxErr)
		}
		return Result{}, fmt.Errorf("catalog: %s: %w", t.Name, callErr)
	}
	if last.Status < 200 || last.Status > 399 {
		return Result{}, fmt.Errorf("catalog: %s: %w", t.Name, appwrite.NewAPIError(last))
	}
	return Result{Response: *last, Undecoded: callErr != nil}, nil
}
