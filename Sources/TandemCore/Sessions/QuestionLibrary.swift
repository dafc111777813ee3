import Foundation

/// The question library Tandem ships: powerful questions by phase and purpose (docs/MODEL.md §6), written by the
/// team in the spirit of the model. Ids are fixed, so a question asked in a session always names the same text.
/// Practitioners add their own beside these.
public enum QuestionLibrary {
    struct Seed {
        let id: String
        let phase: Phase
        let purpose: QuestionPurpose
        let text: String
        init(_ id: String, _ phase: Phase, _ purpose: QuestionPurpose, _ text: String) {
            self.id = id
            self.phase = phase
            self.purpose = purpose
            self.text = text
        }
    }

    public static let questions: [Question] = seeds.map {
        Question(id: Question.ID($0.id)!, phase: $0.phase, purpose: $0.purpose, text: $0.text, ownerID: nil)
    }

    static let seeds: [Seed] = [
        .init("580465dc-33f3-5e9a-a8a6-bc56d49719af", .opening, .clarifyGoal, "Where do you want to go today?"),
        .init("009d2767-e6fa-5a88-b399-5451671f3a74", .opening, .clarifyGoal, "What would make this hour worth your time?"),
        .init(
            "15f53245-741a-57a2-b2ee-236a7499a16f", .opening, .clarifyGoal,
            "Of everything on your mind, what aspect makes most sense to discuss first?"),
        .init(
            "cd7d019c-9cb8-5d18-b488-9a4d83e7f75b", .opening, .clarifyGoal, "If we did good work today, what would be different when you walk out?"),
        .init("99ad885e-c210-5ac0-8e7d-ef61e741b9de", .opening, .clarifyGoal, "What do you want more of, and what do you want less of?"),
        .init("05bf4578-1cb8-50a1-8838-5fd3c7e9d233", .opening, .clarifyGoal, "How will you know you are moving towards it?"),
        .init("d0a9f3d4-bd38-5211-9784-488624db0ee2", .opening, .clarifyGoal, "What has happened since we last met that you want me to know?"),
        .init("e5786b9c-703a-561a-8949-c8c95ed0930d", .opening, .clarifyGoal, "Which of last session's action steps do you want to talk about?"),
        .init("72b09904-676b-59b6-8d25-5d6ab45b66e5", .opening, .clarifyGoal, "What is the question you most want answered today?"),
        .init("ca9f8aec-5d27-5468-a091-7efc48c1e764", .work, .raiseStakes, "What is it costing you to stay where you are?"),
        .init("f52ba1df-7c53-501b-b1f5-c1477c04083a", .work, .raiseStakes, "If nothing changes in the next year, what happens?"),
        .init("a46e31ba-c773-5eb9-a685-3fe4ffb8dede", .work, .raiseStakes, "What would it mean for you to get this right?"),
        .init("b68ee3bd-5238-51d6-acda-fea63b3c3cd6", .work, .raiseStakes, "Who else is affected by this, and how?"),
        .init("f92370a9-b2eb-5b65-97a0-9fb5cfafd5f9", .work, .raiseStakes, "What are you tolerating that you no longer want to?"),
        .init("4a9cc212-956b-58d8-898a-9b275e854ff1", .work, .raiseStakes, "What would you attempt if you knew you could not fail?"),
        .init(
            "9f95a31e-f38f-5109-b897-0c63e9e6ec95", .work, .raiseStakes,
            "On a scale of 0 to 10, how important is this change to you, and why not lower?"),
        .init("7923a2bc-f54c-5f91-b9ca-5179c4c57968", .work, .raiseStakes, "What is the real challenge here for you?"),
        .init("d77228d4-aa99-50ee-9e3d-a2b339351443", .work, .findStrength, "When have you handled something like this before? What did you do?"),
        .init("8552fc16-10f4-5c8f-9f15-c8e6b87c0eb4", .work, .findStrength, "What strengths got you through the hardest part of your life so far?"),
        .init("d00cce7f-2054-5d21-b01e-fabea37ef0c2", .work, .findStrength, "What would someone who knows you well say you are good at?"),
        .init("4e966022-8a1e-521f-b645-7afbb9b13841", .work, .findStrength, "What is already working, even a little?"),
        .init("322fa5d9-2510-573a-89f0-8a919ceeca6e", .work, .findStrength, "What did you do this week that you are proud of?"),
        .init("fd45569a-9c98-5971-9f64-1dfef807a5b3", .work, .findStrength, "How did you manage to keep going despite all that?"),
        .init("e2c3cff4-b905-50c5-827a-3314475b6952", .work, .findStrength, "What do you know now that you did not know a month ago?"),
        .init("3cbeedc8-8e7d-52ed-9d28-d0d66fa4c1fd", .work, .findStrength, "Which of your values can you lean on here?"),
        .init("35ed642b-7271-5058-9164-0d35dd36b23d", .work, .findStrength, "What would you tell a friend in your position?"),
        .init("373ab8d1-2155-52e0-8e1b-91c68c7258e5", .closing, .moveToAction, "What is one small step you could take before we meet again?"),
        .init("477e6c98-8e75-5fbc-bbd6-c7f0890e7856", .closing, .moveToAction, "What will you do, and by when?"),
        .init("68b42855-4b32-5357-9278-537f808460cc", .closing, .moveToAction, "What might get in the way, and how will you handle it?"),
        .init(
            "53867c2e-f1af-58f0-b2b1-08f331ed3983", .closing, .moveToAction,
            "On a scale of 0 to 10, how confident are you that you will do it? What would make it one point higher?"),
        .init("08cc8e79-16bb-5fbb-b371-998d403fdeb9", .closing, .moveToAction, "Who could support you in this?"),
        .init("9b331b42-f855-51b7-88c7-53904b6286bb", .closing, .moveToAction, "How will you remind yourself to do it?"),
        .init("21f90f86-df78-5652-8411-41ea24a02ca7", .closing, .moveToAction, "What is the first thing you will do when you leave here?"),
        .init("b5e7402d-bedb-5466-8d02-0d10b74841b9", .closing, .moveToAction, "What will you stop doing to make room for this?"),
        .init("e853d094-5d8a-5890-93b8-1a72ad5e9aa2", .closing, .consolidate, "What are you taking away from today?"),
        .init("628cfd4a-3c07-5d21-b696-dd783ed77e2d", .closing, .consolidate, "What did you notice about yourself in this session?"),
        .init("b22ca0a8-2353-5d41-8cca-69f5bfb05fa8", .closing, .consolidate, "What was most useful today?"),
        .init("5f1e5882-b939-51e5-8a5a-728b5798a8e5", .closing, .consolidate, "How would you put today's insight into one sentence?"),
        .init("7d180085-5bdc-5f63-bf41-664297892068", .closing, .consolidate, "What shifted for you during our conversation?"),
        .init("e3fafc7c-ebdc-523b-b982-532d8ddcc086", .closing, .consolidate, "What do you want to remember from today until next time?"),
        .init("8d59e9b8-f50c-5801-b602-85d0e41d1f4c", .closing, .consolidate, "What did you do today that moved you forward?"),
        .init("f4411023-1bdf-51cc-8966-56683f719b3f", .closing, .consolidate, "How do you feel now compared with when you came in?"),
        .init("4eabf5cb-6f5c-55d7-9077-f7ca51d2b7bf", .closing, .consolidate, "May I share what I would put in my notes about today?"),
    ]
}
