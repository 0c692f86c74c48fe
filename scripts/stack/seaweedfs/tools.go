//go:build tools

// This module exists only to build SeaweedFS's `weed` at a pinned version: upstream's go.mod carries a
// replace directive, so `go install github.com/seaweedfs/seaweedfs/weed@<version>` is refused. Repeating
// the replace here makes `go build github.com/seaweedfs/seaweedfs/weed` work (scripts/stack/services/s3.sh).
package tools

import _ "github.com/seaweedfs/seaweedfs/weed"
