import Terminal

/// The bottom line: the keys that work at this moment. When they do not fit, they take the line
/// above too, split between keys, so none is cut off at 80 columns.
enum HelpBar {
    static func draw(_ frame: inout Frame, text: String) {
        let room = frame.width - 2
        var lines = [text]
        if DisplayWidth.of(text) > room {
            var first = ""
            var rest: [Substring] = []
            for group in text.components(separatedBy: "  ") {
                let candidate = first.isEmpty ? group : first + "  " + group
                if rest.isEmpty && DisplayWidth.of(candidate) <= room {
                    first = candidate
                } else {
                    rest.append(Substring(group))
                }
            }
            lines = [first, rest.joined(separator: "  ")]
        }
        for (offset, line) in lines.enumerated() {
            let y = frame.height - lines.count + offset
            frame.fill(x: 0, y: y, count: frame.width, style: .reverse)
            frame.put(DisplayWidth.truncate(line, to: room), x: 1, y: y, style: .reverse)
        }
    }
}
