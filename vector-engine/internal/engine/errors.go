package engine

import "fmt"

// ErrKind maps to Qdrant's StorageError variants and their HTTP statuses.
type ErrKind int

const (
	KindBadRequest ErrKind = iota // 400 "Bad request: …"
	KindBadInput                  // 400 "Wrong input: …"
	KindNotFound                  // 404 "Not found: …"
	KindConflict                  // 409 "Wrong input: … already exists!"
	KindValidation                // 422 "Validation error in JSON body: [...]"
	KindFormat                    // 400 "Format error in JSON body: …"
	KindInternal                  // 500 "Service internal error: …"
)

// Error is an error with a Qdrant-style message and status.
type Error struct {
	Kind ErrKind
	Msg  string
}

func (e *Error) Error() string {
	switch e.Kind {
	case KindBadRequest:
		return "Bad request: " + e.Msg
	case KindBadInput, KindConflict:
		return "Wrong input: " + e.Msg
	case KindNotFound:
		return "Not found: " + e.Msg
	case KindValidation:
		return "Validation error in JSON body: [" + e.Msg + "]"
	case KindFormat:
		return "Format error in JSON body: " + e.Msg
	}
	return "Service internal error: " + e.Msg
}

// Status is the HTTP status Qdrant answers with for this kind.
func (e *Error) Status() int {
	switch e.Kind {
	case KindNotFound:
		return 404
	case KindConflict:
		return 409
	case KindValidation:
		return 422
	case KindInternal:
		return 500
	}
	return 400
}

func badRequest(msg string) *Error      { return &Error{KindBadRequest, msg} }
func badInput(msg string) *Error        { return &Error{KindBadInput, msg} }
func notFound(msg string) *Error        { return &Error{KindNotFound, msg} }
func validationError(msg string) *Error { return &Error{KindValidation, msg} }
func internal(err error) *Error         { return &Error{KindInternal, err.Error()} }

// Unsupported answers a request for a Qdrant feature this engine does not implement.
func Unsupported(feature string) *Error { return unsupported(feature) }

func unsupported(feature string) *Error {
	return &Error{KindBadRequest, fmt.Sprintf("%s is not supported by strata-vector (the single-machine Qdrant-compatible engine); point QDRANT_URL at a real Qdrant to use it", feature)}
}

// BadRequest builds a 400 error (exported for the HTTP layer).
func BadRequest(msg string) *Error { return badRequest(msg) }

// Validation builds a 422 error.
func Validation(msg string) *Error { return validationError(msg) }

// FormatError builds a 400 "Format error".
func FormatError(msg string) *Error { return &Error{KindFormat, msg} }

func collectionNotFound(name string) *Error {
	return notFound(fmt.Sprintf("Collection `%s` doesn't exist!", name))
}
