import OrrerySim

extension LayoutPlanner {
    /// The planner `orrery plan` runs by default: the closed form searches, the
    /// discrete-event simulator re-prices the best `top` candidates (0 = closed form only).
    public static func simulationRefined(top: Int = 8) -> LayoutPlanner {
        top == 0 ? LayoutPlanner() : LayoutPlanner(refiner: SimulatedStepEstimator(), refineCount: top)
    }
}
