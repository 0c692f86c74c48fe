// Package openapi embeds the REST contract strata-vector is held to: Qdrant's own
// OpenAPI document (v1.19.0, Apache-2.0, copied verbatim) plus a small supplement
// for the 1.18 search/recommend endpoints the JS client still calls.
package openapi

import _ "embed"

//go:embed qdrant-openapi.json
var Qdrant []byte

//go:embed strata-legacy.json
var Legacy []byte
