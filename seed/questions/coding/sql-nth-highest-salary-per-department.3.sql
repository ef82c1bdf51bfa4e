-- Without window functions: the 2nd-highest distinct salary is the highest one
-- strictly below the maximum (works on MySQL 5.x and any engine).
SELECT d.name AS department,
       (SELECT MAX(e.salary) FROM employees e
         WHERE e.dept_id = d.dept_id
           AND e.salary < (SELECT MAX(e2.salary) FROM employees e2
                            WHERE e2.dept_id = d.dept_id)) AS second_highest
FROM departments d
ORDER BY d.dept_id;
