import PostureCoaching
import TOMLParsing

// [[routine]]: the wearer's own guided routines (PostureCoaching.RoutineDefinition).
//
//     [[routine]]
//     name = "evening"
//     steps = ["childs_pose 1m", "cat_cow 15", "knee_to_chest 2x20s per side"]

extension PostureConfiguration {
    public static let routineSection = "routine"
    static let routineKeys = ["name", "steps"]
    /// Names the CLI uses for itself after `posture routine`.
    static let reservedRoutineNames: Set<String> = ["status", "stop", "skip", "list"]

    /// The routines of `[[routine]]` tables; errors name the line of the key (or the header).
    static func parseRoutines(_ entry: TOMLTable.Entry, file: String) throws(ConfigError) -> [RoutineDefinition] {
        func fail(_ line: Int, _ key: String?, _ message: String) -> ConfigError {
            ConfigError(file: file, line: line, key: key.map { "routine.\($0)" } ?? "routine", message: message)
        }
        guard case .array(let items) = entry.value else {
            throw fail(entry.position.line, nil, "write each routine as a [[routine]] table (with name and steps)")
        }
        var routines: [RoutineDefinition] = []
        for item in items {
            guard case .table(let table) = item else {
                throw fail(entry.position.line, nil, "write each routine as a [[routine]] table (with name and steps)")
            }
            let header = table.position.line
            for key in table.keys where !routineKeys.contains(key) {
                throw fail(table.entry(key)?.position.line ?? header, key, "unknown key (known in [[routine]]: name, steps)")
            }
            guard let nameEntry = table.entry("name") else { throw fail(header, "name", "missing (every [[routine]] needs a name)") }
            guard case .string(let name) = nameEntry.value, isRoutineName(name) else {
                throw fail(nameEntry.position.line, "name", "expected a name of 1 to 32 lower-case letters, digits, _ or -")
            }
            guard !reservedRoutineNames.contains(name) else {
                throw fail(nameEntry.position.line, "name", "\"\(name)\" is a word of `posture routine` itself (not allowed: \(reservedRoutineNames.sorted().joined(separator: ", ")))")
            }
            guard !routines.contains(where: { $0.name == name }) else {
                throw fail(nameEntry.position.line, "name", "a second routine named \"\(name)\"")
            }
            guard let stepsEntry = table.entry("steps") else { throw fail(header, "steps", "missing (routine \"\(name)\" needs steps)") }
            let line = stepsEntry.position.line
            guard case .array(let texts) = stepsEntry.value, (1...20).contains(texts.count) else {
                throw fail(line, "steps", "expected an array of 1 to 20 steps such as [\"childs_pose 1m\", \"cat_cow 15\"]")
            }
            var steps: [RoutineStep] = []
            for (i, value) in texts.enumerated() {
                guard case .string(let text) = value else { throw fail(line, "steps", "step \(i + 1): expected a string, found \(value.typeName)") }
                switch RoutineStep.parse(text) {
                case .success(let step): steps.append(step)
                case .failure(let e): throw fail(line, "steps", "step \(i + 1) \"\(text)\": \(e.message)")
                }
            }
            routines.append(RoutineDefinition(name: name, steps: steps))
        }
        return routines
    }

    static func isRoutineName(_ s: String) -> Bool {
        (1...32).contains(s.utf8.count) && s.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 || $0 == 45 }
    }

    /// The routines part of the example file: the configured ones, or a commented example.
    func documentedRoutines() -> String {
        var out = "\n# Guided routines for `posture routine NAME` (the basic \"daily\" routine is built in;\n"
        out += "# one named \"daily\" here replaces it). A step: EXERCISE [N | Nx | DURATION | NxDURATION]\n"
        out += "# [reps | holds] [per side] [timeout DURATION]; exercises as in the hold_end events.\n"
        out += "# A bare number counts repetitions of cat_cow and pelvic_tilt, holds of the others;\n"
        out += "# a hold without a duration uses the exercise's own target.\n"
        guard !daemon.routines.isEmpty else {
            out += "#\n# [[routine]]\n# name = \"evening\"\n"
            out += "# steps = [\"childs_pose 1m\", \"cat_cow 15\", \"knee_to_chest 2x20s per side\", \"sphinx 30s timeout 2m\"]\n"
            return out
        }
        for r in daemon.routines {
            out += "\n[[routine]]\nname = \(tomlString(r.name))\n"
            out += "steps = [" + r.steps.map { tomlString($0.text) }.joined(separator: ", ") + "]\n"
        }
        return out
    }
}
