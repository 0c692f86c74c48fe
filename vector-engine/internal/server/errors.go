package server

import (
	"errors"
	"log"
	"net/http"

	"strata/vector-engine/internal/engine"
)

// errorKinds is the one table from the engine's error kinds to the HTTP status and the
// message Qdrant answers with (its StorageError / JSON error wording around the detail).
var errorKinds = map[engine.ErrKind]struct {
	status         int
	prefix, suffix string
}{
	engine.KindBadRequest: {http.StatusBadRequest, "Bad request: ", ""},
	engine.KindBadInput:   {http.StatusBadRequest, "Wrong input: ", ""},
	engine.KindNotFound:   {http.StatusNotFound, "Not found: ", ""},
	engine.KindConflict:   {http.StatusConflict, "Wrong input: ", ""},
	engine.KindValidation: {http.StatusUnprocessableEntity, "Validation error in JSON body: [", "]"},
	engine.KindFormat:     {http.StatusBadRequest, "Format error in JSON body: ", ""},
	engine.KindInternal:   {http.StatusInternalServerError, "Service internal error: ", ""},
}

// errorStatus maps any error to its HTTP status and Qdrant-worded message; errors that
// are not the engine's are internal (and logged, since the client only sees a 500).
func errorStatus(err error) (int, string) {
	var ee *engine.Error
	if !errors.As(err, &ee) {
		log.Printf("internal error: %v", err)
		ee = &engine.Error{Kind: engine.KindInternal, Msg: err.Error()}
	}
	k, ok := errorKinds[ee.Kind]
	if !ok {
		k = errorKinds[engine.KindInternal]
	}
	return k.status, k.prefix + ee.Msg + k.suffix
}
