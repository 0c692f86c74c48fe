package engine

import "fmt"

// ErrKind follows Qdrant's StorageError variants (and its two JSON body errors).
type ErrKind int

const (
	KindBadRequest ErrKind = iota // a request the engine will not carry out
	KindBadInput                  // a value that does not fit the collection (dimension, vector name)
	KindNotFound                  // missing collection or point
	KindConflict                  // the collection already exists
	KindValidation                // a value out of range in a well-formed body
	KindFormat                    // a body whose shape does not fit the schema
	KindInternal                  // the engine failed (I/O)
)

// Error is a domain error: what went wrong (Kind) and Qdrant's wording of it (Msg).
// The HTTP layer alone decides the status code and the message prefix Qdrant puts
// before Msg (server/errors.go).
type Error struct {
	Kind ErrKind
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

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
