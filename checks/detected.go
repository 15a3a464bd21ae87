package checks

// supportedReason says why a release counts as supported: listed in the
// policy, found in the repository by detect rules, or both.
func (e *evaluator) supportedReason(name string) string {
	for _, s := range e.t.Supported {
		switch {
		case s.Name != name:
		case s.Found == "":
			return "listed in supported"
		case s.Pos.File == e.in.Policy.File:
			return "listed in supported; detected in " + s.Found
		default:
			return "detected in " + s.Found
		}
	}
	return "listed in supported"
}
