package convkit.grading;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many points a grader test is worth, and who sees it. A test that takes a {@link SubCases}
 * parameter earns the share of its sub-cases that pass; any other test earns all or nothing.
 *
 * <pre>{@code
 * @Test @Points(2) @DisplayName("2D correlation: lecture 3x3 with 2x2 kernel")
 * void lectureExample(SubCases cases) { ... }
 *
 * @Test @Points(value = 3, visibility = Visibility.AFTER_PUBLISHED)   // a hidden test
 * void randomShapes(SubCases cases) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Points {
    double value();

    Visibility visibility() default Visibility.VISIBLE;
}
