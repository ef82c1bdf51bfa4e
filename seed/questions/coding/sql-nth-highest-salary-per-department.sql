-- Second-highest distinct salary in every department; NULL where there is none.
WITH ranked AS (
  SELECT dept_id,
         salary,
         DENSE_RANK() OVER (PARTITION BY dept_id ORDER BY salary DESC) AS drk
  FROM employees
  WHERE salary IS NOT NULL
)
SELECT d.name AS department,
       (SELECT MAX(r.salary) FROM ranked r
         WHERE r.dept_id = d.dept_id AND r.drk = 2) AS second_highest
FROM departments d
ORDER BY d.dept_id;
