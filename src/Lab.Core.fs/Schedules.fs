namespace Lab.Core

[<AbstractClass; Sealed>]
type internal SchedulesPlaceholder = class end
