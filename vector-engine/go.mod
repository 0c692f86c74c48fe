module strata/vector-engine

go 1.24
