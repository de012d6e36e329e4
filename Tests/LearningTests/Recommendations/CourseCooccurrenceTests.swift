import Foundation
import Learning
import Testing

@Suite("CourseCooccurrence")
struct CourseCooccurrenceTests {
    let a = UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!
    let b = UUID(uuidString: "00000000-0000-0000-0000-00000000000B")!
    let c = UUID(uuidString: "00000000-0000-0000-0000-00000000000C")!
    let d = UUID(uuidString: "FFFFFFFF-0000-0000-0000-000000000001")!

    @Test func pairsAreCanonicalInByteOrder() throws {
        let pair = try #require(CoursePair(d, a))
        #expect(pair.first == a && pair.second == d)
        #expect(CoursePair(a, d) == pair)
        #expect(CoursePair(a, a) == nil)
        #expect(pair.contains(d) && !pair.contains(b))
    }

    @Test func enrollmentsCountLearnersAndPairs() {
        var counts = CourseCooccurrence()
        counts.addEnrollment(existingCourses: [], newCourse: a)
        counts.addEnrollment(existingCourses: [a], newCourse: b)
        counts.addEnrollment(existingCourses: [], newCourse: a)
        counts.addEnrollment(existingCourses: [a], newCourse: c)
        counts.addEnrollment(existingCourses: [a, c], newCourse: b)
        #expect(counts.learnerCount(of: a) == 2)
        #expect(counts.learnerCount(of: b) == 2)
        #expect(counts.learnerCount(of: c) == 1)
        #expect(counts.coEnrollmentCount(a, b) == 2)
        #expect(counts.coEnrollmentCount(b, a) == 2)
        #expect(counts.coEnrollmentCount(b, c) == 1)
        #expect(counts.coEnrollmentCount(a, d) == 0)
        #expect(counts.cosine(a, b) == 1)
        #expect(abs(counts.cosine(a, c) - 1 / 2.0.squareRoot()) < 1e-12)
        #expect(counts.cosine(a, d) == 0)
    }

    @Test func theDeltaOfAnEnrollmentListsEachNewPairOnceInOrder() {
        let delta = CourseCooccurrence.delta(forEnrollmentIn: c, existingCourses: [d, a, b, a])
        #expect(delta.course == c && delta.learnerIncrement == 1)
        #expect(delta.pairIncrements.map(\.pair) == [CoursePair(a, c), CoursePair(b, c), CoursePair(c, d)].compactMap { $0 })
        #expect(delta.pairIncrements.allSatisfy { $0.increment == 1 })
    }

    @Test func enrollingAgainInACourseChangesNothing() {
        let delta = CourseCooccurrence.delta(forEnrollmentIn: a, existingCourses: [a, b])
        #expect(delta.isEmpty)
        var counts = CourseCooccurrence()
        counts.addEnrollment(existingCourses: [b], newCourse: a)
        let before = counts
        counts.apply(delta)
        #expect(counts == before)
    }

    @Test func applyingDeltasIsTheSameAsAddingAndWithdrawalUndoesIt() {
        var direct = CourseCooccurrence()
        var replayed = CourseCooccurrence()
        let steps: [([UUID], UUID)] = [([], a), ([a], b), ([], b), ([b], c), ([a, b], c)]
        for (existing, course) in steps {
            direct.addEnrollment(existingCourses: existing, newCourse: course)
            replayed.apply(CourseCooccurrence.delta(forEnrollmentIn: course, existingCourses: existing))
        }
        #expect(direct == replayed)
        let beforeLast = direct
        direct.addEnrollment(existingCourses: [a, b, c], newCourse: d)
        direct.removeEnrollment(remainingCourses: [a, b, c], course: d)
        #expect(direct == beforeLast)
        #expect(direct.learnerCount(of: d) == 0 && direct.pairCounts.keys.allSatisfy { !$0.contains(d) })
    }

    @Test func countsLoadedFromStorageAnswerTheSame() {
        var built = CourseCooccurrence()
        built.addEnrollment(existingCourses: [a], newCourse: b)
        let loaded = CourseCooccurrence(learnerCounts: built.learnerCounts, pairCounts: built.pairCounts)
        #expect(loaded.cosine(a, b) == built.cosine(a, b))
    }
}
