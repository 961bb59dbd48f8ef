import BarnkollCore
import BarnkollStore
import BarnkollTUI
import Foundation
import Terminal
import Testing

/// What braille displays and colour-blind readers depend on, checked on every frame a walk through
/// the screens draws: the real cursor is placed, and no role is shown by colour alone.
@Suite struct ScreensWithoutColourOrSight {
    func checkFrame(_ frame: Frame, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(frame.cursor != nil, "\(what): no cursor\n\(frame.text)", sourceLocation: sourceLocation)
        if let cursor = frame.cursor {
            #expect(cursor.x >= 0 && cursor.x < frame.width && cursor.y >= 0 && cursor.y < frame.height,
                    "\(what): cursor \(cursor) off the screen", sourceLocation: sourceLocation)
        }
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let cell = frame[x, y]
                guard cell.style.role != .normal, cell.character != " " else { continue }
                let marked = cell.style.bold || cell.style.reverse || cell.style.underline
                #expect(marked, "\(what): colour alone at \(x),\(y) in «\(frame.lines[y])»", sourceLocation: sourceLocation)
                if !marked { return }
            }
        }
    }

    @Test func everyWorksheetModeHasItsCursorAndMarksBeyondColour() throws {
        let bench = try Bench()
        let id = try bench.create(["children_affected": .text("yes"), "care_measure": .text("yes"), "in_line": .text("no"),
                                   "art2": .text("ok")])
        let steps: [(String, [Key])] = [
            ("browse", []),
            ("text", [.enter] + typing("Ett beslut")),
            ("choice", [.escape, .down, .down, .down, .down, .down, .down, .enter]),
            ("missing", [.escape, .character("m")]),
            ("missing, moved", [.down, .down]),
            ("help", [.escape, .character("?")]),
            ("section with warnings and hard stops", [.escape, .right, .right]),
            ("best interests with its hard stop", [.right, .right, .right, .right]),
        ]
        var keys: [Key] = []
        for (what, more) in steps {
            keys += more
            let (_, backend) = try bench.run(keys, open: id)
            let frame = try #require(backend.lastFrame)
            checkFrame(frame, what)
        }
        let (_, backend) = try bench.run([], open: id, item: "art2")
        // The warning at art2 carries its mark in the text itself.
        #expect(backend.lastFrame?.text.contains("     ! ") == true, "\(backend.lastFrame?.text ?? "")")
    }

    @Test func homeQueueAndReviewHaveTheirCursor() throws {
        let bench = try Bench()
        let id = try bench.create(try bench.complete())
        _ = try bench.store.submit(id, by: "anna")
        let (_, home) = try bench.run([])
        checkFrame(try #require(home.lastFrame), "home")
        let (_, form) = try bench.run([.enter, .tab] + typing("EB-9"))
        checkFrame(try #require(form.lastFrame), "new analysis form")
        let (_, queue) = try bench.run([], start: .reviewQueue, as: "bertil")
        checkFrame(try #require(queue.lastFrame), "queue")
        let (_, review) = try bench.run([.enter], start: .reviewQueue, as: "bertil")
        checkFrame(try #require(review.lastFrame), "review")
        let (_, versions) = try bench.run([.enter, .character("v")], start: .reviewQueue, as: "bertil")
        checkFrame(try #require(versions.lastFrame), "versions")
        let (_, diff) = try bench.run([.enter, .character("v"), .enter], start: .reviewQueue, as: "bertil")
        checkFrame(try #require(diff.lastFrame), "what changed")
    }
}
