import Foundation
import PostureCore

/// Short stands and standing-desk work (issue 10: a 10-55 s stand to fetch something is not a
/// break; 3-10 minutes typing at a standing desk is one), with brisk and slow sit-downs.
extension ScenarioBuilder {
    /// A sit-down or stand-up pace: brisk (dropping into the chair) or slow, per movement.
    mutating func transitionPace(wearer: Wearer) -> Double {
        random.chance(0.5) ? random.uniform(0.55...0.8) : random.uniform(1.0...1.8) * wearer.pace
    }

    /// Standing up for `seconds` (from rising to sinking back) and sitting again: not a break.
    /// Standing at the desk, reaching for a shelf, or walking a few steps to fetch something.
    mutating func shortStand(wearer: Wearer, seconds: Double) {
        let start = t
        standUp(pace: transitionPace(wearer: wearer))
        let left = max(0, seconds - (t - start) - 2)
        if left > 14 && random.chance(0.6) {
            let walking = random.uniform(6...(left - 6))
            still(random.uniform(1...3))
            walk(walking)
            still(max(0, start + seconds - 2 - t))
        } else {
            still(left / 2)
            if left > 6 && random.chance(0.5) { reach() }
            still(max(0, start + seconds - 2 - t))
        }
        sitDown(pace: transitionPace(wearer: wearer))
    }

    /// Working at a standing desk for `seconds`: standing up, typing standing (a break), sitting down.
    mutating func standingDesk(wearer: Wearer, seconds: Double) {
        standUp(pace: transitionPace(wearer: wearer))
        still(random.uniform(2...5))
        neutral.pitch = wearer.typingLean * 0.5
        returnToNeutral(seconds: 1.5)
        let end = t + seconds
        while end - t > 40 {
            typing(random.uniform(20...70), wearer: wearer)
            if random.chance(0.4) { fidget() }
        }
        typing(max(0, end - t), wearer: wearer)
        sitDown(pace: transitionPace(wearer: wearer))
    }

    /// The standing-desk day: typing, 3-10 min at the standing desk, then a sitting bout of about
    /// 31-33 min (or `boutSeconds`) with one to three short stands that do not end it.
    mutating func standingDeskDay(wearer: Wearer, boutSeconds: Double?) {
        typingDesk(random.uniform(300...480), wearer: wearer, slouches: 1)
        standingDesk(wearer: wearer, seconds: random.uniform(180...600))
        let bout = boutSeconds ?? random.uniform(1860...1980)
        let boutStart = t
        let stands = random.int(1...3)
        for i in 0..<stands {
            // Spread over the bout, the last well before the nudge is due.
            let at = boutStart + bout * (0.15 + 0.6 * (Double(i) + random.uniform(0.2...0.8)) / Double(stands))
            typingDesk(max(60, at - t), wearer: wearer, slouches: i == 0 ? 1 : 0)
            shortStand(wearer: wearer, seconds: random.uniform(10...55))
        }
        typingDesk(max(60, bout - (t - boutStart)), wearer: wearer, slouches: 2)
    }
}
