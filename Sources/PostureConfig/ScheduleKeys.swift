import PostureCoaching

// [schedule]: working hours by weekday (PostureCoaching.WorkSchedule); alerts play only inside them.

extension PostureConfiguration {
    static var scheduleKeys: [ConfigKeySpec] {
        // Monday first, as people write a week; WorkSchedule indexes by tm_wday (0 = Sunday).
        [1, 2, 3, 4, 5, 6, 0].map { weekday in
            let name = WorkSchedule.weekdayNames[weekday]
            return .custom("schedule", name, allowed: "\"always\", \"off\" or \"HH:MM-HH:MM\" ranges separated by commas",
                           doc: "Working hours on \(name.prefix(1).uppercased() + name.dropFirst()) (local time): slouch and sitting alerts only then. "
                               + "A range may run past midnight (\"22:00-02:00\"); \"24:00\" ends at midnight.",
                           apply: { c, v in
                               guard case .string(let s) = v else { return "expected a string, found \(v.typeName)" }
                               guard let day = DaySchedule(s) else {
                                   return "\"\(s)\" is not allowed (allowed: \"always\", \"off\" or ranges like \"09:00-12:00, 13:00-17:30\")"
                               }
                               c.daemon.nudge.workingHours.days[weekday] = day
                               return nil
                           },
                           render: { tomlString($0.daemon.nudge.workingHours.days[weekday].description) })
        }
    }
}
