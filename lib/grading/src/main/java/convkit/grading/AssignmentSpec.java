package convkit.grading;

import java.util.List;

/**
 * One assignment as the grader sees it: the class the student writes and the grader classes
 * that test it.
 *
 * @param number       1, 2, ... as in {@code convkit grade --assignment N}
 * @param title        a short title for reports
 * @param studentClass the fully qualified name of the class the skeleton declares
 * @param graders      JUnit 5 classes extended with {@link GradingExtension}, run in the grading JVM; their
 *                     calls to student code go to the executor ({@link StudentCode})
 * @param limits       time and memory for the student code
 */
public record AssignmentSpec(int number, String title, String studentClass, List<Class<?>> graders, Limits limits) {

    public AssignmentSpec {
        graders = List.copyOf(graders);
        if (graders.isEmpty()) throw new IllegalArgumentException("assignment " + number + " needs at least one grader class");
    }

    public AssignmentSpec withLimits(Limits l) {
        return new AssignmentSpec(number, title, studentClass, graders, l);
    }

    public String packageName() {
        int dot = studentClass.lastIndexOf('.');
        return dot < 0 ? "" : studentClass.substring(0, dot);
    }

    public String simpleClassName() {
        return studentClass.substring(studentClass.lastIndexOf('.') + 1);
    }
}
